import {
  AuditRecordInput,
  FieldChange,
  StoredCanonicalUser,
  TRACKED_FIELDS,
} from '@userbridge/directory';
import { DomainError } from '@userbridge/errors';
import { CommittedWrite, UserWrite } from '../write-path/write-hooks';

/** The actor of a write no key asked for. */
export const ANONYMOUS_ACTOR = 'anonymous';

/**
 * The audit action of a write: the pipeline's operation, except a replace or
 * patch that sets `status: inactive` on a user not known to be inactive, which
 * is a deactivation (what offboarding and a REST PATCH of the status both do).
 */
export function auditAction(write: UserWrite): string {
  if (write.action === 'replace' || write.action === 'patch') {
    const status = (write.input as { status?: unknown } | null)?.status;
    if (status === 'inactive' && write.before?.status !== 'inactive') return 'user.deactivate';
  }
  return `user.${write.action}`;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A canonical field as compared: groups by id only (a write names them by id). */
function comparable(field: string, value: unknown): unknown {
  if (field === 'groups' && Array.isArray(value))
    return value.map((group: { id?: unknown }) => group?.id).sort();
  if (field === 'permissions' && Array.isArray(value)) return [...(value as string[])].sort();
  return value ?? null;
}

/**
 * What a write asks to change, as the intent records it: only canonical
 * fields (so never a password, a Credira company, vendorData), each with the
 * value known before (null when nothing was known) and the value asked for;
 * a field asked with the value it already had is left out.
 */
export function requestedChanges(write: UserWrite): Record<string, FieldChange> {
  if (write.action === 'delete') return deletionChanges(write.before);
  const input = (write.input ?? {}) as Record<string, unknown>;
  const changes: Record<string, FieldChange> = {};
  for (const field of TRACKED_FIELDS) {
    if (!(field in input) || input[field] === undefined) continue;
    const asked = input[field];
    const before = write.before === null ? null : (write.before[field] ?? null);
    if (write.before !== null && same(comparable(field, before), comparable(field, asked)))
      continue;
    changes[field] = { before, after: asked ?? null };
  }
  return changes;
}

/** What a write changed, as read back: the tracked fields that differ (a create: those it set). */
export function resultChanges(write: CommittedWrite): Record<string, FieldChange> {
  if (write.action === 'delete' || write.user === null) return deletionChanges(write.before);
  const changes: Record<string, FieldChange> = {};
  for (const field of TRACKED_FIELDS) {
    const before = write.before === null ? null : (write.before[field] ?? null);
    const after = write.user[field] ?? null;
    if (same(comparable(field, before), comparable(field, after))) continue;
    changes[field] = { before, after };
  }
  return changes;
}

function deletionChanges(before: StoredCanonicalUser | null): Record<string, FieldChange> {
  return { status: { before: before?.status ?? null, after: 'deleted' } };
}

/** The fields every row of a write shares. */
function common(
  write: UserWrite,
): Omit<AuditRecordInput, 'kind' | 'changes' | 'outcome' | 'errorCode' | 'target'> {
  return {
    writeId: write.attempt,
    requestId: write.origin.context.reqId ?? null,
    actor: write.origin.actor ?? ANONYMOUS_ACTOR,
    channel: write.origin.channel,
    action: auditAction(write),
    connection: write.connection,
    idempotencyKey: write.idempotencyKey,
    offboardingRunId: write.origin.offboardingRunId ?? null,
  };
}

/** The row written before the vendor call. */
export function intentRecord(write: UserWrite): AuditRecordInput {
  return {
    ...common(write),
    kind: 'intent',
    target: write.target,
    changes: requestedChanges(write),
    outcome: null,
    errorCode: null,
  };
}

/** The row written with the write-through, in its transaction. */
export function succeededRecord(write: CommittedWrite): AuditRecordInput {
  return {
    ...common(write),
    kind: 'outcome',
    target: write.target,
    changes: resultChanges(write),
    outcome: 'succeeded',
    errorCode: null,
  };
}

/** The row of a vendor call that failed, or whose answer was lost. */
export function failedRecord(
  write: UserWrite,
  error: unknown,
  outcome: 'failed' | 'unknown',
): AuditRecordInput {
  return {
    ...common(write),
    kind: 'outcome',
    target: write.target,
    changes: requestedChanges(write),
    outcome,
    errorCode: error instanceof DomainError ? error.code : 'internal_error',
  };
}
