import { ExecutionContext } from '@nestjs/common';
import { makeKeyEntry } from '../config/api-keys';
import { REST_THROTTLER, SCIM_THROTTLER, throttlerBudgets } from './api-key-throttler.guard';

function contextOf(scopes: ('read' | 'scim')[] | null): ExecutionContext {
  const caller = scopes === null ? undefined : makeKeyEntry('k'.repeat(16), 'k', scopes, null);
  return {
    switchToHttp: () => ({ getRequest: () => ({ caller }) }),
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
