import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { makeKeyEntry } from '../config/api-keys';
import { RateLimitedError } from '../common/gateway-errors';
import {
  ApiKeyThrottlerGuard,
  REST_THROTTLER,
  SCIM_THROTTLER,
  throttlerBudgets,
} from './api-key-throttler.guard';

function contextOf(scopes: ('read' | 'scim')[] | null): ExecutionContext {
  const caller = scopes === null ? undefined : makeKeyEntry('k'.repeat(16), 'k', scopes, null);
  const request = { caller, ip: '127.0.0.1', headers: {} };
  const reply = { header: () => undefined };
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    getHandler: () => contextOf,
    getClass: () => Object,
  } as unknown as ExecutionContext;
}

describe('throttlerBudgets', () => {
  it('counts a scim key against the SCIM budget only, every other caller against the REST one', () => {
    const [rest, scim] = throttlerBudgets(1200, 3000);
    expect([rest.name, rest.limit, scim.name, scim.limit]).toEqual([
      REST_THROTTLER,
      1200,
      SCIM_THROTTLER,
      3000,
    ]);
    const skips = (scopes: ('read' | 'scim')[] | null) => [
      rest.skipIf?.(contextOf(scopes)),
      scim.skipIf?.(contextOf(scopes)),
    ];
    expect(skips(['scim'])).toEqual([true, false]);
    expect(skips(['read'])).toEqual([false, true]);
    expect(skips(null)).toEqual([false, true]);
  });

  it('turns a budget off at 0 without touching the other', () => {
    const [rest, scim] = throttlerBudgets(0, 3000);
    expect(rest.skipIf?.(contextOf(['read']))).toBe(true);
    expect(scim.skipIf?.(contextOf(['scim']))).toBe(false);
    const [, noScim] = throttlerBudgets(1200, 0);
    expect(noScim.skipIf?.(contextOf(['scim']))).toBe(true);
  });
});

describe('ApiKeyThrottlerGuard', () => {
  const storages: ThrottlerStorageService[] = [];
  afterAll(() => storages.forEach((storage) => storage.onApplicationShutdown()));

  async function guardOf(restPerMinute: number, scimPerMinute: number) {
    const reflector = new Reflector();
    const read = jest.spyOn(reflector, 'getAllAndOverride');
    const storage = new ThrottlerStorageService();
    storages.push(storage);
    const guard = new ApiKeyThrottlerGuard(
      { throttlers: throttlerBudgets(restPerMinute, scimPerMinute) },
      storage,
      reflector,
    );
    await guard.onModuleInit();
    return { guard, read };
  }

  it('lets a caller no budget counts through without reading the route', async () => {
    const { guard, read } = await guardOf(0, 2);
    for (let i = 0; i < 5; i++)
      await expect(guard.canActivate(contextOf(['read']))).resolves.toBe(true);
    expect(read).not.toHaveBeenCalled();
  });

  it('still counts the callers of a budget that is on, each against its own', async () => {
    const { guard } = await guardOf(0, 2);
    await expect(guard.canActivate(contextOf(['scim']))).resolves.toBe(true);
    await expect(guard.canActivate(contextOf(['scim']))).resolves.toBe(true);
    await expect(guard.canActivate(contextOf(['scim']))).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guard.canActivate(contextOf(['read']))).resolves.toBe(true);

    const rest = await guardOf(1, 0);
    await expect(rest.guard.canActivate(contextOf(['read']))).resolves.toBe(true);
    await expect(rest.guard.canActivate(contextOf(['read']))).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    await expect(rest.guard.canActivate(contextOf(['scim']))).resolves.toBe(true);
  });
});
