import type { MatchRule, ReconcileUser } from './types';

/** Fixed rule order: it orders linkedBy, match reasons and the bits of a rule mask. */
export const MATCH_RULES: readonly MatchRule[] = ['email', 'phone', 'external_id'];

export const RULE_CONFIDENCE: Readonly<Record<MatchRule, number>> = {
  external_id: 0.95,
  email: 0.9,
  phone: 0.75,
};

/** True when no character is outside ASCII; NFC/NFD are then no-ops and can be skipped. */
export function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Email as a match key. Upstream already trims and lower-cases, but the engine
 * must not depend on every adapter getting that right, and composed/decomposed
 * forms of the same address must meet.
 */
export function emailKey(email: string | null | undefined): string | null {
  if (email === null || email === undefined) return null;
  const trimmed = email.trim();
  if (trimmed.length === 0) return null;
  return (isAscii(trimmed) ? trimmed : trimmed.normalize('NFC')).toLowerCase();
}

/** Phones are E.164 from the canonical normalizer already; re-parsing here would only diverge. */
export function phoneKey(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const trimmed = phone.trim();
  return trimmed.length === 0 ? null : trimmed;
}

/** External ids are opaque: case and inner spacing may be significant to the issuing system. */
export function externalIdKey(externalId: string | null | undefined): string | null {
  if (externalId === null || externalId === undefined) return null;
  const trimmed = externalId.trim();
  return trimmed.length === 0 ? null : trimmed;
}

export function keyOf(user: ReconcileUser, rule: MatchRule): string | null {
  switch (rule) {
    case 'email':
      return emailKey(user.email);
    case 'phone':
      return phoneKey(user.phone);
    case 'external_id':
      return externalIdKey(user.externalId);
  }
}
