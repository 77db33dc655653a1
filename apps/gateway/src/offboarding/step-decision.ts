import type { UserStatus } from '@userbridge/canonical';
import type { OffboardingAction } from '@userbridge/directory';
import type { UserUpdateInput, VendorAdapter, WritableField } from '@userbridge/vendor-core';

/** What offboarding asks of an adapter: its capabilities and lifecycle facts, never its name. */
export type LifecycleFacts = Pick<
  VendorAdapter,
  'name' | 'capabilities' | 'unsupportedReasons' | 'lifecycle' | 'writeRules'
>;

export interface StepDecision {
  action: OffboardingAction;
  reversible: boolean;
  reason: string | null;
}

/** The write that deactivates at this connection, or null when it cannot. */
export function deactivationOf(adapter: LifecycleFacts): 'patch' | 'replace' | null {
  const way = adapter.lifecycle === undefined ? 'patch' : adapter.lifecycle.deactivateWith;
  return way !== null && adapter.capabilities.includes(way) ? way : null;
}

export function canDelete(adapter: LifecycleFacts): boolean {
  return adapter.capabilities.includes('delete');
}

/**
 * One plan step from the account as read live (`null`: the vendor no longer
 * has it) and whether the caller asked to delete at its connection. Never a
 * silent success: an asked-for delete the vendor cannot do is a deactivation
 * that says so, or `unsupported` when nothing else is left to do.
 */
export function decideStep(
  adapter: LifecycleFacts,
  status: UserStatus | null,
  wantsDelete: boolean,
): StepDecision {
  const connection = adapter.name;
  if (status === null)
    return {
      action: 'none',
      reversible: true,
      reason: `not found at ${connection}: nothing to do`,
    };
  if (status === 'deleted')
    return { action: 'none', reversible: true, reason: `already deleted at ${connection}` };
  if (wantsDelete && canDelete(adapter))
    return {
      action: 'delete',
      reversible: adapter.lifecycle?.deleteReversible ?? false,
      reason: adapter.lifecycle?.deleteNote ?? null,
    };
  const deactivate = deactivationOf(adapter);
  const noDelete = wantsDelete
    ? `${connection} cannot delete${adapter.unsupportedReasons?.delete ? ` (${adapter.unsupportedReasons.delete})` : ''}`
    : null;
  if (status === 'inactive')
    return wantsDelete
      ? {
          action: 'unsupported',
          reversible: true,
          reason: `${noDelete}; the account is already inactive there`,
        }
      : {
          action: 'none',
          reversible: true,
          reason: `already inactive at ${connection}: its status is left as it is`,
        };
  if (deactivate === null)
    return {
      action: 'unsupported',
      reversible: true,
      reason: `${connection} can neither ${wantsDelete ? 'delete nor ' : ''}deactivate this account through its API`,
    };
  return {
    action: 'deactivate',
    reversible: true,
    reason: noDelete === null ? null : `${noDelete}: deactivated instead`,
  };
}

/** Whether an account as read shows the step done: inactive or gone for a deactivation, gone for a delete. */
export function reached(action: OffboardingAction, status: UserStatus | null): boolean {
  if (action === 'delete') return status === null || status === 'deleted';
  return status !== 'active';
}

/**
 * The body of a deactivation: the status alone for a patch; for a replace, the
 * fields the vendor's replace requires, as read, with the status.
 */
export function deactivationInput(
  adapter: LifecycleFacts,
  way: 'patch' | 'replace',
  current: Readonly<Record<string, unknown>>,
): UserUpdateInput {
  if (way === 'patch') return { status: 'inactive' };
  const input: Record<string, unknown> = {};
  for (const entry of adapter.writeRules?.replace?.required ?? []) {
    const options: readonly WritableField[] = typeof entry === 'string' ? [entry] : entry;
    const held = options.find((field) => current[field] !== undefined && current[field] !== null);
    if (held !== undefined) input[held] = current[held];
  }
  return { ...input, status: 'inactive' } as UserUpdateInput;
}
