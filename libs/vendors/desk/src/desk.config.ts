/** Injection token of the DESK_ROLE_IDS pairs read at boot (an empty array when unset). */
export const DESK_ROLE_IDS = Symbol('DESK_ROLE_IDS');
