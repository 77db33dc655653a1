/** Small checks shared by the simulated vendors' write rules. */
export type Body = Record<string, unknown>;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function nonEmptyString(value: unknown, max = 200): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

export function optionalString(value: unknown, max = 200): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.length <= max)
  );
}
