import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSqlSnapshot, SQL_SNAPSHOT_PATH } from './testing/sql-catalogue';

describe('reviewed SQL snapshot', () => {
  it('matches every repository query (run `npm run sql:snapshot` and review the diff)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', SQL_SNAPSHOT_PATH), 'utf8');
    expect(renderSqlSnapshot()).toBe(committed);
  });
});
