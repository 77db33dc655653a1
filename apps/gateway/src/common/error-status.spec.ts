import { ERROR_CODES } from '@userbridge/errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATUS_BY_CODE } from './error-status';

/** Rows `| \`code\` | status | meaning |` of docs/api.md's error table. */
function documentedStatuses(): Map<string, number> {
  const text = readFileSync(join(__dirname, '../../../../docs/api.md'), 'utf8');
  const rows = new Map<string, number>();
  for (const match of text.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm))
    rows.set(match[1], Number(match[2]));
  return rows;
}

describe('the error vocabulary', () => {
  it('gives every code a status, and only codes of the vocabulary', () => {
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('is documented in docs/api.md with the status the gateway answers', () => {
    const documented = documentedStatuses();
    expect(Object.fromEntries(documented)).toEqual(STATUS_BY_CODE);
  });
});
