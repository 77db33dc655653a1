import { StoreUnavailableError } from '../errors/store-unavailable.error';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  // PostgreSQL: connection exceptions, shutdown, too many connections, cannot connect now.
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
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
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.some((text) => message.includes(text));
}

/** Runs a store call; a lost database becomes StoreUnavailableError, anything else is rethrown as is. */
export async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    if (isConnectionError(error))
      throw new StoreUnavailableError(
        String((error as { message?: unknown }).message).slice(0, 200),
      );
    throw error;
  }
}
