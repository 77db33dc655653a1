import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  committedSnapshots,
  renderSnapshots,
  REPO_ROOT,
} from '../libs/directory/src/testing/sql-snapshot';

// Rewrites the reviewed SQL snapshots of libs/directory (npm run sql:snapshot):
// one `<file>.sql` beside each file that declares `sqlExamples`; a snapshot
// whose file no longer declares any is removed.
const snapshots = renderSnapshots();
for (const [path, text] of snapshots) {
  writeFileSync(path, text);
  console.log(`wrote ${relative(REPO_ROOT, path)}`);
}
for (const path of committedSnapshots())
  if (!snapshots.has(path)) {
    rmSync(path);
    console.log(`removed ${relative(REPO_ROOT, path)}`);
  }
