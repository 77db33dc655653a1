import { StoreUnavailableError } from '../errors/store-unavailable.error';

/** Socket errors: the server is not there or the connection to it broke. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs for "the session is gone" outside class 08
 * (connection exceptions, matched as a class): 57P01 admin shutdown
 * (`pg_terminate_backend`, `pg_ctl stop -m fast`), 57P02 crash shutdown
 * (`-m immediate`, another backend crashed), 57P03 cannot connect now
 * (starting up, shutting down), 53300 too many connections.
 */
const SESSION_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** pg's and pg-pool's own texts for a connection that broke or never came. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end',
  'driver has already been destroyed',
  'PGlite is closed',
];

/** Whether the error says "the database is not there" rather than "this query is wrong". */
export function isConnectionError(error: unknown): boolean {
  // Not `instanceof Error`: socket errors are made by Node's own realm, which
  // differs from the caller's under a VM sandbox (jest), so the check would miss them.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || SESSION_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return typeof message === 'string' && CONNECTION_MESSAGES.some((text) => message.includes(text));
}

/** A lost database as StoreUnavailableError (the driver's error kept as its cause); anything else as is. */
export function storeError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  return isConnectionError(error) ? new StoreUnavailableError(error) : error;
}

/** Runs a store call; a lost database becomes StoreUnavailableError, anything else is rethrown as is. */
export async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeError(error);
  }
}

/** Waits between attempts to record an ending while the database is away (about a minute in all). */
const OUTAGE_RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/**
 * Records how a run ended even when the database is away at that moment (a
 * restart, a terminated session): `record` is tried again while it fails as
 * a lost database, for at most `budgetMs` of waiting, so the run reads as
 * ended rather than running until its lease or staleness expires. Answers what
 * `record` answered, or undefined when the database stayed away or it failed
 * otherwise (the caller falls back on its own expiry).
 */
export async function recordThroughOutage<T>(
  record: () => Promise<T>,
  budgetMs: number,
): Promise<T | undefined> {
  let waited = 0;
  for (const delay of [0, ...OUTAGE_RETRY_MS]) {
    if (waited + delay > budgetMs) return undefined;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay).unref());
    waited += delay;
    try {
      return await record();
    } catch (error) {
      if (!(storeError(error) instanceof StoreUnavailableError)) return undefined;
    }
  }
  return undefined;
}
