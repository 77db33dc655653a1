/** Small checks shared by the simulated vendors' write rules. */
export type Body = Record<string, unknown>;

/** A rejected write: the HTTP status (400, or 409 for a taken name) and the vendor's message. */
export interface Problem {
  status: number;
  message: string;
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isProblem(value: object): value is Problem {
  return (
    typeof (value as { status?: unknown }).status === 'number' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

export function nonEmptyString(value: unknown, max = 200): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

export function optionalString(value: unknown, max = 200): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.length <= max)
  );
}
