import { CanonicalRole } from '@userbridge/canonical';

/**
 * The free-text role a canonical role is written as (ASSUMPTION: Credira
 * accepts any text). Each reads back as the same canonical role through
 * roleFromKeywords, so a write round-trips.
 */
export const CREDIRA_ROLE_TEXT: Readonly<Record<CanonicalRole, string>> = {
  admin: 'admin',
  manager: 'manager',
  member: 'member',
  read_only: 'viewer',
};
