import { StoreUnavailableError } from '../errors/store-unavailable.error';
import { guard, isConnectionError } from './store-guard';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('store guard', () => {
  it.each([
    [
      'an administrator ended the session',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    [
      'a crash restart',
      pgError('57P02', 'terminating connection because of crash of another server process'),
    ],
    ['a server starting up', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', pgError('08006', 'connection failure')],
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:55432')],
    ['a reset socket', pgError('ECONNRESET', 'read ECONNRESET')],
    ['a session pg saw end', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
  ])('counts %s as the store being unavailable', (_what, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', pgError('42601', 'syntax error at or near "selec"')],
    ['a bug', new TypeError('x is undefined')],
  ])('leaves %s as it is', async (_what, error) => {
    expect(isConnectionError(error)).toBe(false);
    await expect(guard(() => Promise.reject(error))).rejects.toBe(error);
  });

  it("answers in the gateway's own words and keeps the driver's for the log", async () => {
    const cause = pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:55432');
    const thrown = await guard(() => Promise.reject(cause)).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(StoreUnavailableError);
    const unavailable = thrown as StoreUnavailableError;
    expect(unavailable.code).toBe('store_unavailable');
    expect(unavailable.message).not.toMatch(/127\.0\.0\.1|55432|ECONNREFUSED/);
    expect(unavailable.reason).toContain('ECONNREFUSED 127.0.0.1:55432');
    expect(unavailable.cause).toBe(cause);
  });
});
