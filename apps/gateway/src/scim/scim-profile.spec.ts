import { buildAdapter, VendorAdapter, VendorHttpClient } from '@userbridge/vendor-core';
import { VENDOR_PLUGINS } from '../vendors/vendor-plugins';
import { schemaSelectionOf, scimProfileOf } from './scim-profile';

const ENV = {
  CONVIRZA_BASE_URL: 'http://127.0.0.1:9/convirza/v3',
  CONVIRZA_TOKEN: 'convirza-token-0123456789',
  DESK_BASE_URL: 'http://127.0.0.1:9/desk/api',
  DESK_USERNAME: 'desk-user',
  DESK_PASSWORD: 'desk-password-0123',
  CREDIRA_BASE_URL: 'http://127.0.0.1:9/credira/v1',
  CREDIRA_API_KEY: 'credira-key-0123456789',
};

const made: VendorHttpClient[] = [];
afterAll(() => made.forEach((client) => client.onModuleDestroy()));

function adapter(kind: string): VendorAdapter {
  const plugin = VENDOR_PLUGINS.find((p) => p.name === kind);
  if (!plugin) throw new Error(kind);
  return buildAdapter(
    { name: kind, plugin, settings: plugin.readConnection(ENV) },
    { timeoutMs: 1000 },
    made,
  );
}

describe('scimProfileOf: what each vendor holds, read from its published write rules', () => {
  it('Convirza: userName is the email, org unit and role required, phone and timezone held', () => {
    const profile = scimProfileOf(adapter('convirza'), { defaultOrgUnitId: 1001 });
    expect(profile).toMatchObject({
      userName: 'email',
      displayName: 'readOnly',
      phone: 'readWrite',
      timezone: 'readWrite',
      language: 'absent',
      organization: 'absent',
      externalIdInDirectory: false,
      needsPassword: false,
      takesPassword: false,
      needsRole: true,
      needsOrgUnit: true,
      needsCompany: false,
      canPatch: true,
      canDelete: true,
      options: { defaultOrgUnitId: 1001 },
    });
    expect(schemaSelectionOf(profile).core).not.toContain('preferredLanguage');
  });

  it('desk: a username, a password on create, no PATCH, no delete, externalId in the directory', () => {
    const profile = scimProfileOf(adapter('desk'));
    expect(profile).toMatchObject({
      userName: 'username',
      phone: 'absent',
      timezone: 'absent',
      language: 'readWrite',
      externalIdInDirectory: true,
      needsPassword: true,
      takesPassword: true,
      canPatch: false,
      canDelete: false,
      organization: 'absent',
    });
    const selection = schemaSelectionOf(profile);
    expect(selection.core).toEqual(
      expect.arrayContaining(['userName', 'password', 'preferredLanguage']),
    );
    expect(selection.core).not.toContain('phoneNumbers');
    expect(selection.enterprise).toEqual([]);
  });

  it('Credira: one full name, a company (organization), externalId in its metadata', () => {
    const profile = scimProfileOf(adapter('credira'));
    expect(profile).toMatchObject({
      userName: 'email',
      displayName: 'readWrite',
      organization: 'readWrite',
      needsCompany: true,
      oneFullName: true,
      externalIdInDirectory: false,
      canDelete: true,
    });
    expect(schemaSelectionOf(profile).enterprise).toEqual(['organization']);
  });
});
