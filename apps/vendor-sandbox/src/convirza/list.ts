import { CONVIRZA_ROLES, ConvirzaRecord, ORG_UNITS } from '../seed/records';
import { Problem } from '../validation';

export const STATUSES = ['active', 'inactive', 'deleted'];

/** List items have their own shape, not the Get User one: the real API differs the same way. */
export function listItem(user: ConvirzaRecord) {
  const role = CONVIRZA_ROLES.find((r) => r.id === user.role_id);
  return {
    ct_user_id: user.ct_user_id,
    email: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    user_ext_id: user.user_ext_id,
    status: user.user_status,
    agent_id: user.agent_code === null ? '' : String(user.agent_code),
    group: ORG_UNITS[user.ct_user_ou_id] ?? null,
    group_org_unit_id: user.ct_user_ou_id,
    role: role?.listName ?? user.role_name,
    access_audio: user.access_audio ? 'Yes' : 'No',
    timezone: user.timezone,
    agent_ring_to: user.agent_ring_to,
    created: user.user_created,
  };
}

export type ListQuery = Record<string, string | undefined>;

const SORT_KEYS: Record<string, (u: ConvirzaRecord) => string | number> = {
  ct_user_id: (u) => u.ct_user_id,
  first_name: (u) => u.first_name.toLowerCase(),
  last_name: (u) => u.last_name.toLowerCase(),
  email: (u) => u.username.toLowerCase(),
  created: (u) => u.user_created,
};

const wholeNumber = (value: string | undefined, fallback: number): number =>
  value === undefined ? fallback : /^-?[0-9]+$/.test(value) ? Number(value) : NaN;

/** GET /users: filters, order and one page, or the 400 an out-of-range parameter earns. */
export function listUsers(
  all: Iterable<ConvirzaRecord>,
  q: ListQuery,
): Problem | { users: ReturnType<typeof listItem>[]; total: number } {
  const limit = wholeNumber(q.limit, 100);
  const offset = wholeNumber(q.offset, 0);
  const bad = (message: string): Problem => ({ status: 400, message });
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    return bad('limit must be an integer from 1 to 1000');
  if (!Number.isInteger(offset) || offset < 0) return bad('offset must be a non-negative integer');
  if (q.role_id !== undefined && !['1', '2', '3'].includes(q.role_id))
    return bad('role_id must be 1, 2 or 3');
  if (q.user_status !== undefined && !STATUSES.includes(q.user_status))
    return bad('user_status must be active, inactive or deleted');
  if (q.org_unit_id !== undefined && !/^[1-9][0-9]*$/.test(q.org_unit_id))
    return bad('org_unit_id must be a positive integer');
  const sortBy = q.sort_by ?? 'ct_user_id';
  const key = SORT_KEYS[sortBy];
  if (!key) return bad(`sort_by must be one of ${Object.keys(SORT_KEYS).join(', ')}`);
  if (q.sort_order !== undefined && !['asc', 'desc'].includes(q.sort_order))
    return bad('sort_order must be asc or desc');

  const email = q.email?.trim().toLowerCase();
  const name = q.name?.trim().toLowerCase();
  const users = [...all].filter(
    (u) =>
      (email === undefined || u.username.toLowerCase() === email) &&
      (name === undefined ||
        u.first_name.toLowerCase().includes(name) ||
        u.last_name.toLowerCase().includes(name)) &&
      (q.role_id === undefined || u.role_id === Number(q.role_id)) &&
      (q.user_status === undefined || u.user_status === q.user_status) &&
      (q.org_unit_id === undefined || u.ct_user_ou_id === Number(q.org_unit_id)),
  );
  const direction = q.sort_order === 'desc' ? -1 : 1;
  // Ties fall back to the id so that paging is stable whatever the sort key.
  users.sort((a, b) =>
    key(a) < key(b) ? -direction : key(a) > key(b) ? direction : a.ct_user_id - b.ct_user_id,
  );
  return { users: users.slice(offset, offset + limit).map(listItem), total: users.length };
}
