import { AccountLifecycle } from '@userbridge/vendor-core';

/**
 * Credira deactivates by `status` (a PUT of the status alone); `suspended`
 * already reads as inactive. Its DELETE is irreversible (Credira's own words).
 */
export const CREDIRA_LIFECYCLE: AccountLifecycle = {
  deactivateWith: 'patch',
  deleteReversible: false,
  deleteNote: 'Credira deletes a user irreversibly',
};
