import { filterIdentities } from './filter';
import { reconcile } from './reconcile';
import { input, user } from './testing/user.fixture';

describe('filterIdentities', () => {
  const { identities } = reconcile(
    input([
      user('convirza:1', { email: 'a@x.com' }),
      user('desk:1', { email: 'a@x.com', status: 'deleted' }),
      user('credira:1', { email: 'a@x.com' }),
      user('convirza:2', { email: 'b@x.com', role: 'admin' }),
      user('desk:2', { email: 'B@x.com' }),
      user('desk:3', { displayName: 'nobody' }),
    ]),
  );
  const ids = (list: { members: { id: string }[] }[]): string[] => list.map((i) => i.members[0].id);

  it('returns everything for an empty filter', () => {
    expect(filterIdentities(identities, {})).toHaveLength(identities.length);
  });

  it('filters by exact conflict type, missing_in matching every vendor', () => {
    expect(ids(filterIdentities(identities, { conflict: 'status_mismatch' }))).toEqual([
      'convirza:1',
    ]);
    expect(ids(filterIdentities(identities, { conflict: 'missing_in' }))).toEqual(['convirza:2']);
    expect(ids(filterIdentities(identities, { conflict: 'missing_in:credira' }))).toEqual([
      'convirza:2',
    ]);
    expect(filterIdentities(identities, { conflict: 'missing_in:desk' })).toEqual([]);
    expect(filterIdentities(identities, { conflict: 'missing' })).toEqual([]);
  });

  it('filters by member vendor, normalized email and exact severity', () => {
    expect(ids(filterIdentities(identities, { vendor: 'credira' }))).toEqual(['convirza:1']);
    expect(ids(filterIdentities(identities, { email: ' B@X.COM ' }))).toEqual(['convirza:2']);
    expect(ids(filterIdentities(identities, { severity: 'high' }))).toEqual(['convirza:1']);
    expect(ids(filterIdentities(identities, { severity: 'low' }))).toEqual([
      'convirza:2',
      'desk:3',
    ]);
    expect(ids(filterIdentities(identities, { severity: 'medium' }))).toEqual(['convirza:2']);
    expect(
      filterIdentities(identities, { severity: 'medium', conflict: 'status_mismatch' }),
    ).toEqual([]);
  });

  it('requires every criterion', () => {
    expect(ids(filterIdentities(identities, { vendor: 'desk', severity: 'low' }))).toEqual([
      'convirza:2',
      'desk:3',
    ]);
    expect(filterIdentities(identities, { vendor: 'credira', severity: 'low' })).toEqual([]);
  });
});
