import { until } from './poll';
import { Answer, Stack, WRITE_KEY } from './stack';

export interface SyncRound {
  runs: any[];
  /** The stored reconciliation run made after the round (null when none was made). */
  reconciliationRunId: number | null;
}

async function latestReconciliation(stack: Stack): Promise<number | null> {
  const summary = await stack.call('GET', '/v1/identities/summary');
  return summary.body?.meta?.run?.id ?? null;
}

/**
 * POST /v1/sync (all vendors, or one), then waits until its runs ended and
 * the reconciliation that follows them is stored.
 */
export async function syncAndWait(
  stack: Stack,
  vendor?: string,
  options: { expectReconciliation?: boolean; timeoutMs?: number } = {},
): Promise<SyncRound> {
  const before = await latestReconciliation(stack);
  const started = await stack.call('POST', `/v1/sync${vendor ? `?vendor=${vendor}` : ''}`, {
    key: WRITE_KEY,
  });
  if (started.status !== 202)
    throw new Error(`POST /v1/sync answered ${started.status}: ${started.text}`);
  const ids: number[] = started.body.data.map((run: any) => run.id);
  const runs = await until(
    'the sync runs to end',
    async () => {
      const listed = await stack.call('GET', '/v1/sync/runs?limit=200');
      return listed.body.data.filter((run: any) => ids.includes(run.id));
    },
    (found: any[]) =>
      found.length === ids.length && found.every((run) => run.outcome !== 'running'),
    options.timeoutMs,
  );
  if (options.expectReconciliation === false) return { runs, reconciliationRunId: before };
  const after = await until(
    'the reconciliation after the round',
    () => latestReconciliation(stack),
    (id) => id !== null && id !== before,
    options.timeoutMs,
  );
  return { runs, reconciliationRunId: after };
}

/** Every page of a GET list endpoint that answers `{ data, nextCursor }`. */
export async function allPages(stack: Stack, path: string, maxPages = 200): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const answer: Answer = await stack.call(
      'GET',
      `${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.text}`);
    items.push(...answer.body.data);
    cursor = answer.body.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error(`${path}: paging did not end`);
}
