import { canonicalUser } from '@userbridge/directory/testing';
import { VendorRejectedError, VendorTimeoutError } from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import { CommittedWrite, UserWrite } from '../write-path/write-hooks';
import { auditAction, failedRecord, intentRecord, succeededRecord } from './audit-records';

const before = canonicalUser('desk', '7', { firstName: 'Ada', status: 'active' });

function write(overrides: Partial<UserWrite> = {}): UserWrite {
  return {
    attempt: 'w-1',
    action: 'patch',
    connection: 'desk',
    vendor: 'desk',
    target: 'desk:7',
    input: { firstName: 'Grace' },
    origin: {
      channel: 'rest',
      context: { reqId: 'req-9' },
      actor: 'hr-portal',
      visibility: Visibility.ALL,
    },
    idempotencyKey: null,
    before,
    beforeSource: 'directory',
    ...overrides,
  };
}

describe('audit records of a write', () => {
  it('names the action; a write setting status inactive on a user not known inactive is a deactivation', () => {
    expect(auditAction(write())).toBe('user.patch');
    expect(auditAction(write({ action: 'replace', input: { status: 'inactive' } }))).toBe(
      'user.deactivate',
    );
    const inactive = { ...before, status: 'inactive' as const };
    expect(auditAction(write({ input: { status: 'inactive' }, before: inactive }))).toBe(
      'user.patch',
    );
    expect(auditAction(write({ action: 'delete', input: null }))).toBe('user.delete');
  });

  it('records what was asked, canonical fields only: never a password or a vendor-only field', () => {
    const create = write({
      action: 'create',
      target: null,
      before: null,
      beforeSource: 'none',
      input: { username: 'new.agent', password: 'Sup3r-Secret', company: 'Acme', firstName: 'New' },
      origin: { ...write().origin, offboardingRunId: 'run-1' },
      idempotencyKey: 'key-1',
    });
    const intent = intentRecord(create);
    expect(intent).toEqual({
      writeId: 'w-1',
      kind: 'intent',
      requestId: 'req-9',
      actor: 'hr-portal',
      channel: 'rest',
      action: 'user.create',
      target: null,
      connection: 'desk',
      changes: {
        username: { before: null, after: 'new.agent' },
        firstName: { before: null, after: 'New' },
      },
      outcome: null,
      errorCode: null,
      idempotencyKey: 'key-1',
      offboardingRunId: 'run-1',
    });
    expect(JSON.stringify(intent)).not.toContain('Sup3r-Secret');
    // A field asked with the value it had changes nothing.
    expect(intentRecord(write({ input: { firstName: 'Ada', lastName: 'Z' } })).changes).toEqual({
      lastName: { before: 'Lovelace7', after: 'Z' },
    });
  });

  it('records the outcome as read back, and a failure with its code and outcome', () => {
    const committed: CommittedWrite = {
      ...write(),
      target: 'desk:7',
      user: { ...before, firstName: 'Grace', lastName: 'Hopper' },
      change: null,
    };
    expect(succeededRecord(committed)).toMatchObject({
      kind: 'outcome',
      outcome: 'succeeded',
      changes: {
        firstName: { before: 'Ada', after: 'Grace' },
        lastName: { before: 'Lovelace7', after: 'Hopper' },
      },
    });
    const deleted: CommittedWrite = { ...committed, action: 'delete', input: null, user: null };
    expect(succeededRecord(deleted).changes).toEqual({
      status: { before: 'active', after: 'deleted' },
    });
    expect(failedRecord(write(), new VendorTimeoutError('desk', 800), 'unknown')).toMatchObject({
      outcome: 'unknown',
      errorCode: 'vendor_timeout',
    });
    expect(failedRecord(write(), new VendorRejectedError('desk', 'no'), 'failed')).toMatchObject({
      outcome: 'failed',
      errorCode: 'invalid_request',
    });
    expect(failedRecord(write(), new Error('bug'), 'failed').errorCode).toBe('internal_error');
  });
});
