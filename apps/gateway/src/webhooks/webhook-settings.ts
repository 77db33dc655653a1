import { BlockList, isIP } from 'node:net';
import { Env, integer } from '../config/env-values';

/** How webhooks are delivered; every value from an environment variable (docs/configuration.md). */
export interface WebhookSettings {
  /** Delay before each attempt: the first is the first attempt's (usually 0); one attempt per entry. */
  retryScheduleMs: number[];
  /** Per attempt: connecting, sending and reading the answer's status. */
  timeoutMs: number;
  /** Loopback, private and link-local targets (and http://) allowed: development and tests only. */
  allowPrivateTargets: boolean;
  /** Addresses allowed although private, as CIDR strings. */
  allowedCidrs: string[];
  retentionDays: number;
  /** How long a rotated secret keeps signing beside the new one. */
  secretOverlapMs: number;
  /** An endpoint with nothing but failures for this long is disabled. */
  disableAfterMs: number;
  /** How often each process looks for new feed entries and due messages. */
  pollIntervalMs: number;
  /** Deliveries one process makes at once. */
  concurrency: number;
}

export const DEFAULT_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,10h';

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `0`, `50ms`, `5s`, `5m`, `2h`, `5d`: a duration in milliseconds, or null when it is none of these. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,9})(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  if (match[2] === undefined) return value === 0 ? 0 : null;
  return value * UNITS[match[2]];
}

function duration(
  env: Env,
  name: string,
  fallback: string,
  problems: string[],
  maxMs: number,
): number {
  const raw = env[name]?.trim() || fallback;
  const ms = parseDuration(raw);
  if (ms === null || ms > maxMs) {
    problems.push(`${name} must be a duration such as 30s, 5m, 24h or 5d (got "${raw}")`);
    return parseDuration(fallback) as number;
  }
  return ms;
}

/** Parses `a.b.c.d/n` or `x::y/n` (a bare address is its own /32 or /128); null when it is not one. */
export function parseCidr(text: string): { address: string; prefix: number; family: 4 | 6 } | null {
  const [address, prefixText, extra] = text.trim().split('/');
  const family = isIP(address);
  if (extra !== undefined || (family !== 4 && family !== 6)) return null;
  const max = family === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { address, prefix: Number(prefixText), family };
}

export function cidrList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

export function loadWebhookSettings(env: Env, problems: string[]): WebhookSettings {
  const scheduleText = env.WEBHOOK_RETRY_SCHEDULE?.trim() || DEFAULT_RETRY_SCHEDULE;
  const retryScheduleMs = scheduleText.split(',').map((part) => parseDuration(part));
  let schedule: number[];
  if (
    retryScheduleMs.length === 0 ||
    retryScheduleMs.length > 50 ||
    retryScheduleMs.some((ms) => ms === null || ms > 7 * 86_400_000)
  ) {
    problems.push(
      `WEBHOOK_RETRY_SCHEDULE must be a comma list of up to 50 durations such as 0,5s,5m,30m,2h (got "${scheduleText}")`,
    );
    schedule = DEFAULT_RETRY_SCHEDULE.split(',').map((part) => parseDuration(part) as number);
  } else schedule = retryScheduleMs as number[];

  const allowRaw = env.WEBHOOK_ALLOW_PRIVATE_TARGETS?.trim().toLowerCase() ?? '';
  if (!['', 'true', 'false'].includes(allowRaw))
    problems.push(`WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false (got "${allowRaw}")`);

  const allowedCidrs = (env.WEBHOOK_ALLOWED_CIDRS ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  for (const cidr of allowedCidrs)
    if (parseCidr(cidr) === null)
      problems.push(
        `WEBHOOK_ALLOWED_CIDRS entry "${cidr}" must be an address or CIDR such as 10.1.0.0/16`,
      );

  return {
    retryScheduleMs: schedule,
    timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 50, 120_000, problems),
    allowPrivateTargets: allowRaw === 'true',
    allowedCidrs,
    retentionDays: integer(env, 'WEBHOOK_RETENTION_DAYS', 30, 1, 3650, problems),
    secretOverlapMs: duration(env, 'WEBHOOK_SECRET_OVERLAP', '24h', problems, 30 * 86_400_000),
    disableAfterMs: duration(env, 'WEBHOOK_DISABLE_AFTER', '5d', problems, 365 * 86_400_000),
    pollIntervalMs: integer(env, 'WEBHOOK_POLL_INTERVAL_MS', 1000, 10, 600_000, problems),
    concurrency: integer(env, 'WEBHOOK_CONCURRENCY', 8, 1, 256, problems),
  };
}
