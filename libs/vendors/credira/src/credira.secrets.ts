import { UNIVERSAL_SECRET_KEYS, withoutSecrets } from '@userbridge/vendor-core';

/** `api_key` (answered by create) is among the universal keys; listed here so the rule lives in one place. */
export const CREDIRA_SECRET_KEYS: readonly string[] = [...UNIVERSAL_SECRET_KEYS, 'api_key'];

/** Credira's secret keys are `credira_sk_...`: recognised by value too, whatever key a payload files them under. */
const SECRET_VALUE = /^\s*credira_sk_/i;

function dropSecretValues(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node
      .filter((item) => !(typeof item === 'string' && SECRET_VALUE.test(item)))
      .map(dropSecretValues);
  }
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) {
    if (!(typeof child === 'string' && SECRET_VALUE.test(child)))
      out[key] = dropSecretValues(child);
  }
  return out;
}

/** A Credira payload safe to hand out as vendorData. */
export function withoutCrediraSecrets(raw: Record<string, unknown>): Record<string, unknown> {
  return dropSecretValues(withoutSecrets(raw, CREDIRA_SECRET_KEYS)) as Record<string, unknown>;
}
