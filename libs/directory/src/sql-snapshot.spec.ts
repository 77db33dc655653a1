import { relative } from 'node:path';
import {
  committedSnapshots,
  readSnapshot,
  renderSnapshots,
  REPO_ROOT,
} from './testing/sql-snapshot';

const STALE = 'run `npm run sql:snapshot` and review the diff';

describe('reviewed SQL snapshots', () => {
  const rendered = renderSnapshots();

  it('covers the files that send SQL', () => {
    const names = [...rendered.keys()].map((path) => relative(REPO_ROOT, path));
    expect(names).toEqual(
      expect.arrayContaining([
        'libs/directory/src/repositories/users.repository.sql',
        'libs/directory/src/repositories/sightings.sql',
        'libs/directory/src/reconcile/reconciliation.queries.sql',
      ]),
    );
  });

  it.each([...rendered.keys()].map((path) => [relative(REPO_ROOT, path), path]))(
    '%s matches its queries (' + STALE + ')',
    (_name, path) => {
      expect(readSnapshot(path)).toBe(rendered.get(path));
    },
  );

  it('has no snapshot left over from a file that no longer declares sqlExamples', () => {
    const orphans = committedSnapshots().filter((path) => !rendered.has(path));
    expect(orphans.map((path) => relative(REPO_ROOT, path))).toEqual([]);
  });
});
