import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSqlSnapshot, SQL_SNAPSHOT_PATH } from '../libs/directory/src/testing/sql-catalogue';

// Rewrites the reviewed SQL snapshot of libs/directory (npm run sql:snapshot).
writeFileSync(join(__dirname, '..', SQL_SNAPSHOT_PATH), renderSqlSnapshot());
console.log(`wrote ${SQL_SNAPSHOT_PATH}`);
