import { emailKey, externalIdKey, phoneKey } from './keys';
import { collapseSpaces, foldName, isFullName, normalizeName } from './names';

describe('match keys', () => {
  it('normalizes email by trim, lower-case and NFC', () => {
    expect(emailKey('  John.Doe@Example.COM ')).toBe('john.doe@example.com');
    expect(emailKey('zoe\u0308@x.com')).toBe(emailKey('zo\u00eb@x.com'));
    expect(emailKey('   ')).toBeNull();
    expect(emailKey(null)).toBeNull();
  });

  it('takes phone as given and external id trimmed but case-sensitive', () => {
    expect(phoneKey('+12025550143')).toBe('+12025550143');
    expect(phoneKey(null)).toBeNull();
    expect(externalIdKey(' EXT-1 ')).toBe('EXT-1');
    expect(externalIdKey('ext-1')).not.toBe(externalIdKey('EXT-1'));
    expect(externalIdKey('')).toBeNull();
  });
});

describe('names', () => {
  it('collapses whitespace without touching clean names', () => {
    const clean = 'john doe';
    expect(collapseSpaces(clean)).toBe(clean);
    expect(collapseSpaces('  john \t\n doe  ')).toBe('john doe');
    expect(collapseSpaces('john\u00a0doe')).toBe('john doe');
    expect(collapseSpaces('   ')).toBe('');
  });

  it('treats NFC and NFD forms as one name', () => {
    const composed = 'Zo\u00eb \u00d1\u00fa\u00f1ez';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(normalizeName(decomposed)).toBe(normalizeName(composed));
    expect(normalizeName('  ZOË   Ñúñez ')).toBe('zoë ñúñez');
  });

  it('folds diacritics and recognizes full names', () => {
    expect(foldName(normalizeName('Zoë Ñúñez') as string)).toBe('zoe nunez');
    expect(isFullName('zoe nunez')).toBe(true);
    expect(isFullName('madonna')).toBe(false);
    expect(normalizeName('  ')).toBeNull();
  });
});
