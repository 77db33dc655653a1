import { DESK_DESKS, DESK_GROUPS, DESK_ROLES, DeskRecord } from '../seed/records';

/**
 * A user as the desk reads it back: every scalar a string, desks and groups as
 * `{id, name}`, roles as an object id -> name (writes take an array of ids),
 * and the password given on create never.
 */
export function renderDeskUser(user: DeskRecord) {
  const { password: _never, desks, roles, groups, ...scalars } = user;
  return {
    ...scalars,
    desks: desks.map((id) => ({ id, name: DESK_DESKS[id] ?? null })),
    roles: Object.fromEntries(roles.map((id) => [id, DESK_ROLES[id] ?? 'Unknown'])),
    groups: groups.map((id) => ({ id, name: DESK_GROUPS[id] ?? null })),
  };
}
