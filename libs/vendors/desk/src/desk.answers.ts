import { normalizeText } from '@userbridge/canonical';
import { unexpectedShape } from '@userbridge/vendor-core';
import { isValidDeskId } from './desk.id';
import { deskIdOf, isObject, VENDOR } from './desk.mapper';

/** A raw desk user with its checked id, so the stream can be ordered before anything is mapped. */
export interface RawDeskUser {
  id: bigint;
  raw: unknown;
}

/** The desk answers user reads with a bare array; anything else is an unreadable answer. */
export function parseDeskArray(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw unexpectedShape(VENDOR, 'expected a JSON array of users');
  return body;
}

/**
 * The unpaginated list (assumed: `GET /users` sends everyone) in ascending
 * numeric id: the desk promises no order, and offsets must mean the same
 * user on every call.
 */
export function usersInIdOrder(body: unknown): RawDeskUser[] {
  return parseDeskArray(body)
    .map((raw) => ({ id: BigInt(deskIdOf(raw)), raw }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
