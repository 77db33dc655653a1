import { cursorField, defineCursor } from '@userbridge/cursor';

/** Entries come oldest first: a page continues after the sequence of the last entry it showed. */
export const AUDIT_CURSOR = defineCursor({
  kind: 'audit.entries',
  version: 1,
  position: { after: cursorField.integer({ min: 1 }) },
});
