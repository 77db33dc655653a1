import {
  derivedLabel,
  describeScopes,
  digestKey,
  findKey,
  makeKeyEntry,
  parseApiKeys,
  scopeAllows,
} from './api-keys';

const READER = 'reader-key-0123456789';
const WRITER = 'writer-key-0123456789';

describe('makeKeyEntry', () => {
  it('expands scopes: write implies read, admin implies write and read', () => {
    const scopesOf = (...granted: Parameters<typeof makeKeyEntry>[2]) =>
      [...makeKeyEntry(READER, 'k', granted, null).scopes].sort();
    expect(scopesOf('read')).toEqual(['read']);
    expect(scopesOf('write')).toEqual(['read', 'write']);
    expect(scopesOf('admin')).toEqual(['admin', 'read', 'write']);
    expect(scopesOf('read', 'admin')).toEqual(['admin', 'read', 'write']);
  });

  it('gives scim nothing else, and nothing implies scim', () => {
    const scim = makeKeyEntry(READER, 'idp', ['scim'], ['desk-eu']);
    expect(['read', 'write', 'admin'].map((s) => scopeAllows(scim, s as 'read'))).toEqual([
      false,
      false,
      false,
    ]);
    expect(scopeAllows(scim, 'scim')).toBe(true);
    expect(scopeAllows(makeKeyEntry(READER, 'a', ['admin'], null), 'scim')).toBe(false);
    expect(scim.connections).toEqual(['desk-eu']);
  });

  it('keeps the digest, never the key', () => {
    const entry = makeKeyEntry(READER, 'hr-portal', ['read'], null);
    expect(entry.digest.equals(digestKey(READER))).toBe(true);
    expect(JSON.stringify({ ...entry, scopes: [...entry.scopes] })).not.toContain(READER);
  });

  it('describes scopes widest first', () => {
    expect(describeScopes(makeKeyEntry(READER, 'a', ['admin'], null))).toBe('admin, write, read');
  });
});

describe('GATEWAY_API_KEYS', () => {
  it('parses every scope, unlimited as to connections, and finds keys by digest', () => {
    const { keys, problems } = parseApiKeys(
      `${READER}:read,${WRITER}:write,admin-key-0123456789:admin,scim-key-0123456789ab:scim`,
    );
    expect(problems).toEqual([]);
    expect(keys.map((k) => describeScopes(k))).toEqual([
      'read',
      'write, read',
      'admin, write, read',
      'scim',
    ]);
    expect(keys.every((k) => k.connections === null)).toBe(true);
    expect(findKey(keys, WRITER)?.label).toBe('env-key-2');
    expect(findKey(keys, WRITER.slice(0, -1))).toBeUndefined();
  });

  it('labels an entry by its position, which tells nothing of the key', () => {
    const { keys } = parseApiKeys(`${READER}:read,${WRITER}:write`);
    expect(keys.map((k) => k.label)).toEqual([derivedLabel(1), derivedLabel(2)]);
    for (const { label } of keys) {
      expect(READER.startsWith(label.slice(0, 3))).toBe(false);
      expect(label).not.toMatch(/reader|writer|0123/);
    }
  });

  it('takes an explicit label with label=key:scope', () => {
    const { keys, problems } = parseApiKeys(`hr-portal=${READER}:read,${WRITER}:admin`);
    expect(problems).toEqual([]);
    expect(keys.map((k) => k.label)).toEqual(['hr-portal', 'env-key-2']);
    expect(findKey(keys, READER)?.label).toBe('hr-portal');
    expect(findKey(keys, `hr-portal=${READER}`)).toBeUndefined();
  });

  it('reads a base64 key with = padding as a key, not as a label', () => {
    const key = 'c2VjcmV0LWtleS0wMTIzNDU2Nzg5YQ==';
    const { keys, problems } = parseApiKeys(`${key}:read`);
    expect(problems).toEqual([]);
    expect(findKey(keys, key)?.label).toBe('env-key-1');
  });

  it.each([
    [`${READER}:superuser`, /scope read, write, admin, scim/],
    ['short:read', /at least 16/],
    [`${READER}:read,${READER}:write`, /repeats a key/],
    [`ops=${READER}:read,ops=${WRITER}:write`, /repeats the label "ops"/],
    [`env-key-2=${READER}:read,${WRITER}:write`, /repeats the label "env-key-2"/],
    [`Bad Label=${READER}:read`, /a label is 1 to 64/],
    [' , ', /no key/],
  ])('refuses %p, never quoting a key', (text, message) => {
    const problems = parseApiKeys(text).problems.join('\n');
    expect(problems).toMatch(message);
    expect(problems).not.toContain(READER);
    expect(problems).not.toContain(WRITER);
  });
});
