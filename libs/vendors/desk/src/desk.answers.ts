import { normalizeText } from '@userbridge/canonical';
import { unexpectedShape } from '@userbridge/vendor-core';
import { isValidDeskId } from './desk.id';
import { isObject, VENDOR } from './desk.mapper';

/** A raw desk user with its id as sent (null when unreadable), so the stream is ordered before mapping. */
export interface RawDeskUser {
  id: string | null;
  raw: unknown;
}

/** The desk answers user reads with a bare array; anything else is an unreadable answer. */
export function parseDeskArray(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw unexpectedShape(VENDOR, 'expected a JSON array of users');
  return body;
}

const DIGITS = /^[0-9]+$/;

/** All-digit ids in numeric order (exact past 2^53), then other ids by text, then records without an id. */
function compareIds(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const da = DIGITS.test(a);
  const db = DIGITS.test(b);
  if (da && db) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (da !== db) return da ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The unpaginated list (assumed: `GET /users` sends everyone) in id order:
 * the desk promises no order, and offsets must mean the same user on every
 * call. A record without a readable id keeps a place (last) so it can be
 * reported; it is never a reason to refuse the whole list.
 */
export function usersInIdOrder(body: unknown): RawDeskUser[] {
  return parseDeskArray(body)
    .map((raw) => ({ id: isObject(raw) ? normalizeText(raw.id) : null, raw }))
    .sort((a, b) => compareIds(a.id, b.id));
}

/** The element of a Get User answer that is the user asked for, if any. */
export function userWithId(users: readonly unknown[], vendorId: string): unknown {
  return users.find((raw) => isObject(raw) && normalizeText(raw.id) === vendorId);
}

/** Usernames are the desk's unique key (emails are not), so they name the user a create made. */
export function withUsername(users: readonly RawDeskUser[], username: string): unknown {
  return users.find(({ raw }) => isObject(raw) && normalizeText(raw.username) === username)?.raw;
}

/** A 2xx that still says `success: false` did not do what was asked. */
function requireSuccess(body: unknown, what: string): void {
  if (isObject(body) && body.success === false)
    throw unexpectedShape(VENDOR, `${what} answered success: false`);
}

/** The new user's id from the create answer `{ success: true, id }` (assumed; a string or a number). */
export function createdIdOf(body: unknown): string {
  requireSuccess(body, 'the create');
  const id = isObject(body) ? normalizeText(body.id) : null;
  if (id === null || !isValidDeskId(id))
    throw unexpectedShape(VENDOR, 'the create answer carries no user id');
  return id;
}

/** PUT answers `{ success: true }` (assumed); an empty 2xx is accepted too. */
export function requireUpdated(body: unknown): void {
  requireSuccess(body, 'the update');
}
