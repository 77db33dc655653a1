import { cursorField, defineCursor } from '@userbridge/cursor';

/** Endpoints come by id: a page continues after the id of the last endpoint it showed. */
export const WEBHOOKS_CURSOR = defineCursor({
  kind: 'webhooks.endpoints',
  version: 1,
  position: { after: cursorField.text({ maxLength: 43 }) },
});

/** Messages come newest first: a page continues before the id of the last message it showed. */
export const WEBHOOK_DELIVERIES_CURSOR = defineCursor({
  kind: 'webhooks.deliveries',
  version: 1,
  position: { before: cursorField.integer({ min: 1 }) },
});
