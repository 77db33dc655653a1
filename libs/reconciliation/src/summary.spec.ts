import { reconcile } from './reconcile';
import { summarize } from './summary';
import { input, user } from './testing/user.fixture';

describe('summarize', () => {
  it('counts identities, conflicts, severities and vendors', () => {
    const result = reconcile(
      input(
        [
          user('convirza:1', { email: 'a@x.com' }),
          user('desk:1', { email: 'a@x.com', status: 'deleted' }),
          user('convirza:2', { email: 'b@x.com' }),
          user('desk:2'),
          user('desk:2'),
        ],
        {
          vendorsRead: ['convirza', 'desk', 'credira'],
          vendorsFailed: [
            { vendor: 'credira', connection: 'credira', code: 'vendor_error', message: 'down' },
          ],
        },
      ),
    );
    const summary = summarize(result);
    expect(summary).toEqual({
      users: 4,
      identities: 3,
      identitiesWithConflicts: 3,
      conflicts: { status_mismatch: 1, 'missing_in:desk': 1, unmatchable: 1 },
      severities: { high: 1, medium: 0, low: 2 },
      // By kind: the kinds of the accounts read (a kind is known from its accounts).
      vendors: {
        convirza: { accounts: 2, identities: 2, active: 2 },
        desk: { accounts: 2, identities: 2, active: 1 },
      },
      // By connection: every connection read shows, with zeros when nobody is there.
      connections: {
        convirza: { accounts: 2, identities: 2, active: 2 },
        credira: { accounts: 0, identities: 0, active: 0 },
        desk: { accounts: 2, identities: 2, active: 1 },
      },
      vendorsRead: ['convirza', 'credira', 'desk'],
      vendorsFailed: [
        { vendor: 'credira', connection: 'credira', code: 'vendor_error', message: 'down' },
      ],
    });
  });
});
