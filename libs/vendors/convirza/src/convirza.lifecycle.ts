import { AccountLifecycle } from '@userbridge/vendor-core';

/**
 * Convirza deactivates by `user_status` (a PATCH of the status alone). Its
 * DELETE is a soft delete (the user still reads back, `user_status`
 * "deleted") that keeps the email taken: the same person cannot be created
 * again, so it counts as irreversible (ASSUMPTION: no restore call is documented).
 */
export const CONVIRZA_LIFECYCLE: AccountLifecycle = {
  deactivateWith: 'patch',
  deleteReversible: false,
  deleteNote:
    "Convirza's delete is a soft delete that still blocks creating a user with the same email: it cannot be undone",
};
