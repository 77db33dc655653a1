import { AccountLifecycle } from '@userbridge/vendor-core';

/**
 * The desk deactivates by `is_active` through its PUT (it has no partial
 * update: the PUT's required fields come from the account as read), and
 * documents no delete at all (`capabilities` has none).
 */
export const DESK_LIFECYCLE: AccountLifecycle = {
  deactivateWith: 'replace',
  deleteReversible: false,
};
