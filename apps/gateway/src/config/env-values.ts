/** The environment as configuration reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A whole number from `name` within [min, max]; unset or blank gives the
 * fallback. A bad value is added to `problems` (every problem is reported at
 * once, at boot) and the fallback stands in so the rest can still be checked.
 */
export function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return Number(raw);
}
