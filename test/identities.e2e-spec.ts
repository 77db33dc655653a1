import { Answer, expectError, Stack, startStack } from './support/stack';

/** Exact identities and conflicts the sandbox's seeded scenarios must produce. */
const EXPECTED: Record<string, { members: string[]; conflicts: string[]; rule?: string }[]> = {
  'offboarding-gap': [
    {
      members: ['convirza:50001', 'credira:user_s01', 'desk:9001'],
      conflicts: ['status_mismatch'],
      rule: 'email',
    },
  ],
  'email-case': [
    { members: ['convirza:50002', 'credira:user_s02', 'desk:9002'], conflicts: [], rule: 'email' },
  ],
  'name-spelling': [
    {
      members: ['convirza:50003', 'credira:user_s03', 'desk:9003'],
      conflicts: ['name_mismatch'],
      rule: 'email',
    },
  ],
  'role-mismatch': [
    {
      members: ['convirza:50004', 'credira:user_s04', 'desk:9004'],
      conflicts: ['role_mismatch'],
      rule: 'email',
    },
  ],
  'suspended-in-credira': [
    {
      members: ['convirza:50005', 'credira:user_s05'],
      conflicts: ['status_mismatch', 'missing_in:desk'],
      rule: 'email',
    },
  ],
  'deleted-in-convirza': [
    {
      members: ['convirza:50006', 'desk:9006'],
      conflicts: ['status_mismatch', 'missing_in:credira'],
      rule: 'email',
    },
  ],
  'phone-link': [
    {
      members: ['convirza:50007', 'credira:user_s07'],
      conflicts: ['missing_in:desk'],
      rule: 'phone',
    },
  ],
  'external-id-link': [
    {
      members: ['convirza:50008', 'credira:user_s08'],
      conflicts: ['missing_in:desk'],
      rule: 'external_id',
    },
  ],
  'same-name-different-email': [
    {
      members: ['convirza:50009'],
      conflicts: ['possible_duplicate', 'missing_in:credira', 'missing_in:desk'],
    },
    {
      members: ['credira:user_s09'],
      conflicts: ['possible_duplicate', 'missing_in:convirza', 'missing_in:desk'],
    },
  ],
  'shared-email-same-desk': [
    {
      members: ['desk:9010'],
      conflicts: ['possible_duplicate', 'missing_in:convirza', 'missing_in:credira'],
    },
    {
      members: ['desk:9011'],
      conflicts: ['possible_duplicate', 'missing_in:convirza', 'missing_in:credira'],
    },
  ],
  unmatchable: [{ members: ['desk:9012'], conflicts: ['unmatchable'] }],
  'only-in-credira': [
    { members: ['credira:user_s12'], conflicts: ['missing_in:convirza', 'missing_in:desk'] },
  ],
  // The pages' own examples: one John Doe, two emails, linked by the page's phone +1234567890.
  'vendor-page-examples': [
    {
      members: ['convirza:12345', 'credira:user_123456789'],
      conflicts: ['role_mismatch', 'missing_in:desk'],
      rule: 'phone',
    },
  ],
  // Ids beyond the old assumptions reconcile like any other.
  'ids-beyond-assumptions': [
    {
      members: ['credira:usr-2b9c.7d', 'desk:u-7f3a'],
      conflicts: ['missing_in:convirza'],
      rule: 'email',
    },
    {
      members: ['desk:ag.0042'],
      conflicts: ['missing_in:convirza', 'missing_in:credira'],
    },
    {
      members: ['credira:user_7f3e-91aa_b2'],
      conflicts: ['missing_in:convirza', 'missing_in:desk'],
    },
  ],
  'unicode-names': [
    { members: ['convirza:50013', 'credira:user_s13', 'desk:9013'], conflicts: [], rule: 'email' },
  ],
};

describe('identities (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { VENDOR_BREAKER_MIN_CALLS: '10000' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  async function allIdentities(query = ''): Promise<any[]> {
    const identities: any[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const answer: Answer = await stack.call(
        'GET',
        `/v1/identities?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(answer.status).toBe(200);
      identities.push(...answer.body.data);
      cursor = answer.body.nextCursor;
      if (cursor === null) return identities;
    }
    throw new Error('paging did not end');
  }

  it('finds exactly the identities and conflicts each seeded scenario should produce', async () => {
    const identities = await allIdentities();
    const byMember = new Map<string, any>();
    for (const identity of identities)
      for (const member of identity.members) byMember.set(member.id, identity);

    for (const [scenario, expected] of Object.entries(EXPECTED)) {
      for (const want of expected) {
        const identity = byMember.get(want.members[0]);
        const got = {
          scenario,
          members: identity?.members.map((m: any) => m.id),
          conflicts: identity?.conflicts.map((c: any) => c.type),
          rules: identity?.matchReasons.map((r: any) => r.rule),
        };
        expect(got).toEqual({
          scenario,
          members: want.members,
          conflicts: want.conflicts,
          rules: want.rule ? [want.rule] : [],
        });
      }
    }
  });

  it('explains the offboarding gap with evidence and a high severity', async () => {
    const [gap] = await allIdentities('&email=ALICE.WALKER@scenario.example');
    const conflict = gap.conflicts[0];
    expect(conflict).toMatchObject({ type: 'status_mismatch', severity: 'high' });
    expect(conflict.evidence).toMatchObject({
      active: ['convirza:50001', 'credira:user_s01'],
      deleted: ['desk:9001'],
    });
    expect(conflict.message).toMatch(/desk/);
    expect(gap.highestSeverity).toBe('high');
    expect(gap.matchReasons).toEqual([
      expect.objectContaining({
        rule: 'email',
        value: 'alice.walker@scenario.example',
        nameAgrees: true,
      }),
    ]);
  });

  it('points possible duplicates at each other, with the evidence', async () => {
    const identities = await allIdentities('&conflict=possible_duplicate');
    const maria = identities.find((i) => i.members[0].id === 'convirza:50009');
    const other = identities.find((i) => i.members[0].id === 'credira:user_s09');
    const candidates = maria.conflicts.find((c: any) => c.type === 'possible_duplicate').evidence
      .candidates;
    expect(candidates).toEqual([
      expect.objectContaining({ identityId: other.id, reason: 'same_name' }),
    ]);
  });

  it('is deterministic: same ids and order on every read', async () => {
    const first = await allIdentities();
    const second = await allIdentities();
    expect(second).toEqual(first);
    expect(first.every((i) => /^idn_[0-9a-f]{16}$/.test(i.id))).toBe(true);
  });

  it('filters by conflict, severity, vendor and email', async () => {
    const gaps = await allIdentities('&conflict=status_mismatch');
    expect(gaps.map((i) => i.members[0].id)).toEqual(
      expect.arrayContaining(['convirza:50001', 'convirza:50005', 'convirza:50006']),
    );
    expect(gaps.every((i) => i.conflicts.some((c: any) => c.type === 'status_mismatch'))).toBe(
      true,
    );
    const high = await allIdentities('&severity=high');
    expect(high.map((i) => i.id).sort()).toEqual(gaps.map((i) => i.id).sort());
    const missingDesk = await allIdentities('&conflict=missing_in:desk&vendor=credira');
    expect(
      missingDesk.every((i) => i.vendors.includes('credira') && !i.vendors.includes('desk')),
    ).toBe(true);
    const bob = await allIdentities('&email=%20bob.stone%40SCENARIO.example');
    expect(bob).toHaveLength(1);
  });

  it('refuses bad filters', async () => {
    for (const query of [
      'conflict=everything',
      'severity=urgent',
      'vendor=salesforce',
      'limit=0',
      'cursor=nope',
      'email=x',
      'format=xml',
      'unknown=1',
    ]) {
      expectError(await stack.call('GET', `/v1/identities?${query}`), 400, 'invalid_request');
    }
  });

  it('summarizes counts per conflict type and vendor', async () => {
    const { status, body } = await stack.call('GET', '/v1/identities/summary');
    expect(status).toBe(200);
    expect(body.vendorsRead.sort()).toEqual(['convirza', 'credira', 'desk']);
    expect(body.vendorsFailed).toEqual([]);
    expect(body.conflicts.status_mismatch).toBeGreaterThanOrEqual(3);
    expect(body.conflicts.unmatchable).toBe(1);
    expect(body.severities.high).toBe(body.conflicts.status_mismatch);
    const users = await stack.call('GET', '/v1/users?limit=1');
    expect(users.status).toBe(200);
    expect(body.vendors.desk.accounts).toBeGreaterThan(80);
  });

  it('gives operators the offboarding-gap report as CSV', async () => {
    const csv = await stack.call('GET', '/v1/identities?conflict=status_mismatch&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="identities.csv"/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((l) => l.length > 0);
    expect(lines[0]).toBe(
      'identity_id,display_name,emails,vendors,conflict,severity,message,accounts,confidence',
    );
    expect(lines.slice(1).every((line) => line.includes(',status_mismatch,high,'))).toBe(true);
    expect(csv.text).toContain('desk:9001 (deleted');

    const negotiated = await stack.call('GET', '/v1/identities?conflict=status_mismatch', {
      headers: { accept: 'text/csv' },
    });
    expect(negotiated.text).toBe(csv.text);
  });

  it('a vendor that is down is reported, never turned into "missing in" for everyone', async () => {
    stack.sandbox.setFault('desk', { mode: '500' });
    const identities = await allIdentities();
    const answer = await stack.call('GET', '/v1/identities?limit=1');
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ vendor: 'desk', code: 'vendor_error' }),
    ]);
    expect(identities.some((i) => i.conflicts.some((c: any) => c.type === 'missing_in:desk'))).toBe(
      false,
    );
    expect(identities.some((i) => i.vendors.includes('desk'))).toBe(false);
    const summary = await stack.call('GET', '/v1/identities/summary');
    expect(summary.body.vendorsFailed).toEqual([expect.objectContaining({ vendor: 'desk' })]);
  });

  it('refuses a CSV report with a vendor missing unless ?partial=true, then names it', async () => {
    stack.sandbox.setFault('desk', { mode: '500' });
    const refused = await stack.call('GET', '/v1/identities?conflict=status_mismatch&format=csv');
    const error = expectError(refused, 502, 'vendor_error');
    expect(error.vendor).toBe('desk');
    expect(error.details).toEqual({ missingVendors: ['desk'], missingConnections: ['desk'] });
    expect(error.message).toMatch(/partial=true/);
    const negotiated = await stack.call('GET', '/v1/identities', {
      headers: { accept: 'text/csv' },
    });
    expectError(negotiated, 502, 'vendor_error');

    const partial = await stack.call(
      'GET',
      '/v1/identities?conflict=status_mismatch&format=csv&partial=true',
    );
    expect(partial.status).toBe(200);
    expect(partial.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(partial.headers.get('x-userbridge-missing-vendors')).toBe('desk');
    const json = await stack.call('GET', '/v1/identities?limit=1');
    expect(json.headers.get('x-userbridge-missing-vendors')).toBe('desk');
    expect(json.body.errors.map((e: { vendor: string }) => e.vendor)).toEqual(['desk']);

    stack.sandbox.clearFaults();
    const whole = await stack.call('GET', '/v1/identities?format=csv');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('x-userbridge-missing-vendors')).toBeNull();
  });
});
