import { cursorField, defineCursor } from '@userbridge/cursor';

/** Runs come newest first: a page continues before the id of the last run it showed. */
export const SYNC_RUNS_CURSOR = defineCursor({
  kind: 'sync.runs',
  version: 1,
  position: { before: cursorField.integer({ min: 1 }) },
});
