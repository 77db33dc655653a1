import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VENDOR_PLUGINS } from '../vendors/vendor-plugins';
import { readConfigFile } from './config-file';
import { ConfigurationError, keyEntryOf, loadGatewayConfig } from './gateway-config';

const SECRET = 'desk-eu-password-s3cret';
const KEY = 'hr-portal-key-0123456789';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'userbridge-config-'));
  writeFileSync(join(dir, 'scim-key'), 'entra-scim-key-0123456789\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(text: string, name = `config-${++files}.yaml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const GOOD = `
connections:
  - name: desk-eu
    vendor: desk
    baseUrl: https://eu.td.commpeak.com/api/
    credentials:
      username: api-user
      password: { env: DESK_EU_PASSWORD }
    options: { roleIds: "Admin:17,Agent:23", timeoutMs: 2500 }
  - name: credira-b
    vendor: credira
    baseUrl: https://api.credira.com/v1
    credentials: { apiKey: credira-literal-key }
apiKeys:
  - label: hr-portal
    key: { env: HR_PORTAL_KEY }
    scopes: [read]
    connections: [desk-eu, credira-b]
  - label: entra-desk-eu
    key: { file: scim-key }
    scopes: [scim]
    connections: [desk-eu]
`;

const ENV = { DESK_EU_PASSWORD: SECRET, HR_PORTAL_KEY: KEY };

function problemsOf(text: string, env: Record<string, string> = ENV, taken: string[] = []) {
  return readConfigFile(file(text), env, VENDOR_PLUGINS, taken).problems;
}

/** A file of one connection, with `entry` replacing fields of a good desk connection. */
function connection(fields: string): string {
  return `connections:\n  - ${fields.trim().split('\n').join('\n    ')}\n`;
}

const DESK = `name: desk-eu
vendor: desk
baseUrl: https://eu.td.commpeak.com/api
credentials: { username: u, password: { env: DESK_EU_PASSWORD } }`;

describe('readConfigFile', () => {
  it('reads connections with their secrets resolved, options and keys', () => {
    const { config, problems } = readConfigFile(file(GOOD), ENV, VENDOR_PLUGINS, []);
    expect(problems).toEqual([]);
    expect(config.connections.map((c) => [c.name, c.plugin.name, c.timeoutMs])).toEqual([
      ['desk-eu', 'desk', 2500],
      ['credira-b', 'credira', undefined],
    ]);
    expect(config.connections[0].settings).toEqual({
      baseUrl: 'https://eu.td.commpeak.com/api',
      username: 'api-user',
      password: SECRET,
      roleIds: [
        { name: 'Admin', id: '17' },
        { name: 'Agent', id: '23' },
      ],
    });
    expect(config.apiKeys).toEqual([
      { key: KEY, label: 'hr-portal', scopes: ['read'], connections: ['desk-eu', 'credira-b'] },
      {
        key: 'entra-scim-key-0123456789',
        label: 'entra-desk-eu',
        scopes: ['scim'],
        connections: ['desk-eu'],
      },
    ]);
  });

  it('reads the same file as JSON', () => {
    const json = JSON.stringify({
      connections: [
        {
          name: 'conv-a',
          vendor: 'convirza',
          baseUrl: 'https://platform-api.convirza.com/v3',
          credentials: { token: { env: 'CONV_A_TOKEN' } },
        },
      ],
    });
    const { config, problems } = readConfigFile(
      file(json, 'c.json'),
      { CONV_A_TOKEN: 'tok-a' },
      VENDOR_PLUGINS,
      [],
    );
    expect(problems).toEqual([]);
    expect(config.connections[0].settings).toEqual({
      baseUrl: 'https://platform-api.convirza.com/v3',
      token: 'tok-a',
    });
  });

  it.each([
    ['a missing file', null, /^USERBRIDGE_CONFIG: cannot read .*nowhere\.yaml \(no such file\)$/],
    [
      'text that is not YAML or JSON',
      'connections: [\n  - name: x\n  bad: ][',
      /is not YAML or JSON/,
    ],
    ['a list at the top', '- a\n- b\n', /must be a mapping/],
    ['an unknown section', 'vendors: []\n', /^vendors: unknown section/],
    ['connections that are not a list', 'connections: {}\n', /^connections: must be a list/],
  ])('reports %s in one line', (_what, text, expected) => {
    const path = text === null ? join(dir, 'nowhere.yaml') : file(text);
    const { problems } = readConfigFile(path, ENV, VENDOR_PLUGINS, []);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it('reports an unreadable file', () => {
    if (process.getuid?.() === 0) return; // root reads every file: nothing to prove here
    const path = file(GOOD);
    chmodSync(path, 0);
    expect(readConfigFile(path, ENV, VENDOR_PLUGINS, []).problems).toEqual([
      `USERBRIDGE_CONFIG: cannot read ${path} (EACCES)`,
    ]);
  });

  it.each([
    [
      'an unknown vendor',
      DESK.replace('vendor: desk', 'vendor: zendesk'),
      'connections[0].vendor: unknown vendor "zendesk"; expected one of convirza, desk, credira',
    ],
    [
      'an upper-case name',
      DESK.replace('name: desk-eu', 'name: Desk-EU'),
      'connections[0].name: "Desk-EU" must be',
    ],
    [
      'a name with ":"',
      DESK.replace('name: desk-eu', 'name: "desk:eu"'),
      'connections[0].name: "desk:eu" must be',
    ],
    [
      'a name with "/"',
      DESK.replace('name: desk-eu', 'name: desk/eu'),
      'connections[0].name: "desk/eu" must be',
    ],
    [
      'a name over 32 characters',
      DESK.replace('name: desk-eu', `name: ${'d'.repeat(33)}`),
      `connections[0].name: "${'d'.repeat(33)}" must be`,
    ],
    ['no name', DESK.replace('name: desk-eu\n', ''), 'connections[0].name: required'],
    [
      'missing credentials',
      DESK.replace(/credentials:.*$/, ''),
      'connections[0].credentials: required, a mapping of username, password',
    ],
    [
      'a missing credential',
      DESK.replace('username: u, ', ''),
      'connections[0].credentials.username: required for a desk connection',
    ],
    [
      'an unset env reference',
      DESK.replace('DESK_EU_PASSWORD', 'DESK_XX_PASSWORD'),
      'connections[0].credentials.password: env DESK_XX_PASSWORD is not set',
    ],
    [
      'an unreadable file reference',
      DESK.replace('{ env: DESK_EU_PASSWORD }', '{ file: /nonexistent/secret }'),
      'connections[0].credentials.password: file /nonexistent/secret cannot be read (no such file)',
    ],
    [
      'a bad base URL',
      DESK.replace('https://eu.td.commpeak.com/api', 'ftp://x'),
      'connections[0].baseUrl must be an http or https URL',
    ],
    [
      'an unknown option',
      `${DESK}\noptions: { colour: blue }`,
      'connections[0].options.colour: unknown option; a desk connection takes timeoutMs, scim, roleIds',
    ],
    [
      'a bad timeout',
      `${DESK}\noptions: { timeoutMs: 10 }`,
      'connections[0].options.timeoutMs: must be a whole number',
    ],
    [
      'bad role ids',
      `${DESK}\noptions: { roleIds: "Admin" }`,
      'connections[0].options.roleIds: roleIds entry "Admin" is not <role name>:<role id>',
    ],
    [
      'a ":" in a desk username',
      DESK.replace('username: u', 'username: "a:b"'),
      'connections[0].credentials.username: the username must not contain ":"',
    ],
  ])('reports %s by its path', (_what, entry, expected) => {
    const problems = problemsOf(connection(entry));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('refuses a name used twice in the file or already taken by the environment', () => {
    expect(problemsOf(connection(DESK) + `  - ${DESK.split('\n').join('\n    ')}\n`)).toEqual([
      'connections[1].name: "desk-eu" is used twice',
    ]);
    expect(
      problemsOf(connection(DESK.replace('name: desk-eu', 'name: desk')), ENV, ['desk']),
    ).toEqual([
      'connections[0].name: "desk" is used twice (the environment variables already define a connection of that name)',
    ]);
  });

  const keys = (entries: string) => `${connection(DESK)}apiKeys:\n${entries}`;

  it.each([
    [
      'no label',
      '  - { key: hr-portal-key-0123456789, scopes: [read] }\n',
      'apiKeys[0].label: required',
    ],
    [
      'a short key',
      '  - { label: a, key: short-key, scopes: [read] }\n',
      'apiKeys[0].key: a key needs at least 16 characters',
    ],
    [
      'an unknown scope',
      '  - { label: a, key: hr-portal-key-0123456789, scopes: [read, root] }\n',
      'apiKeys[0].scopes[1]: unknown scope "root"; expected one of read, write, admin, scim',
    ],
    [
      'no scopes',
      '  - { label: a, key: hr-portal-key-0123456789 }\n',
      'apiKeys[0].scopes: required',
    ],
    [
      'a key limited to an unknown connection',
      '  - { label: a, key: hr-portal-key-0123456789, scopes: [read], connections: [desk-us] }\n',
      'apiKeys[0].connections[0]: unknown connection "desk-us"; configured: desk-eu',
    ],
    [
      'a key from an unset variable',
      '  - { label: a, key: { env: NOPE_KEY }, scopes: [read] }\n',
      'apiKeys[0].key: env NOPE_KEY is not set',
    ],
  ])('reports %s by its path', (_what, entries, expected) => {
    const problems = problemsOf(keys(entries));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('reads options.scim per connection and reports each bad value by path', () => {
    const good = readConfigFile(
      file(
        connection(
          `${DESK}\noptions: { scim: { deleteAtVendor: true, defaultCompany: " Acme ", defaultOrgUnitId: 7 } }`,
        ),
      ),
      ENV,
      VENDOR_PLUGINS,
      [],
    );
    expect(good.problems).toEqual([]);
    expect(good.config.scim).toEqual({
      'desk-eu': { deleteAtVendor: true, defaultCompany: 'Acme', defaultOrgUnitId: 7 },
    });
    expect(
      problemsOf(
        connection(
          `${DESK}\noptions: { scim: { deleteAtVendor: "yes", defaultOrgUnitId: 0, defaultCompany: "", colour: 1 } }`,
        ),
      ),
    ).toEqual([
      'connections[0].options.scim.colour: unknown field; expected defaultOrgUnitId, defaultCompany, deleteAtVendor',
      'connections[0].options.scim.defaultOrgUnitId: must be a positive whole number (an org unit id)',
      'connections[0].options.scim.defaultCompany: must be a non-empty text of at most 200 characters',
      'connections[0].options.scim.deleteAtVendor: must be true or false',
    ]);
    expect(problemsOf(connection(`${DESK}\noptions: { scim: [] }`))).toEqual([
      'connections[0].options.scim: must be a mapping of defaultOrgUnitId, defaultCompany, deleteAtVendor, not a list',
    ]);
  });

  it('refuses a label or a key used twice', () => {
    expect(
      problemsOf(
        keys(
          '  - { label: a, key: { env: HR_PORTAL_KEY }, scopes: [read] }\n' +
            '  - { label: a, key: other-key-0123456789, scopes: [read] }\n' +
            '  - { label: b, key: hr-portal-key-0123456789, scopes: [write] }\n',
        ),
      ),
    ).toEqual([
      'apiKeys[1].label: "a" is used twice',
      'apiKeys[2].key: the same key is used by an earlier entry',
    ]);
  });

  it('reports every problem at once and never prints a secret', () => {
    const text =
      connection(DESK.replace('vendor: desk', 'vendor: nope').replace('name: desk-eu', 'name: X')) +
      `  - name: b\n    vendor: desk\n    baseUrl: https://x/api\n    credentials: { username: ${SECRET}, password: { env: UNSET_ONE } }\n` +
      `apiKeys:\n  - { label: k, key: tiny-${SECRET.slice(0, 3)}, scopes: [read] }\n`;
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThanOrEqual(4);
    expect(problems.join('\n')).not.toContain(SECRET);
    expect(problems.join('\n')).not.toContain('tiny-');
  });
});

describe('loadGatewayConfig with USERBRIDGE_CONFIG', () => {
  const BASE = { ...ENV, GATEWAY_API_KEYS: 'env-reader-key-0123456789:read' };

  it('adds the file connections after the environment ones and its keys to the env keys', () => {
    const config = loadGatewayConfig(
      {
        ...BASE,
        DESK_BASE_URL: 'https://x/api',
        DESK_USERNAME: 'u',
        DESK_PASSWORD: 'p',
        USERBRIDGE_CONFIG: file(GOOD),
      },
      VENDOR_PLUGINS,
    );
    expect(config.connections.map((c) => c.name)).toEqual(['desk', 'desk-eu', 'credira-b']);
    expect(config.configFile).toMatch(/config-\d+\.yaml$/);
    // Every key with its scopes (expanded) and its connection limits; the scim-only key is kept.
    expect(config.apiKeys.map((k) => [k.label, [...k.scopes].sort(), k.connections])).toEqual([
      ['env-key-1', ['read'], null],
      ['hr-portal', ['read'], ['desk-eu', 'credira-b']],
      ['entra-desk-eu', ['scim'], ['desk-eu']],
    ]);
  });

  it('needs no GATEWAY_API_KEYS when the file has keys, and refuses a key in both', () => {
    expect(
      loadGatewayConfig({ ...ENV, USERBRIDGE_CONFIG: file(GOOD) }, VENDOR_PLUGINS).apiKeys.map(
        (k) => k.label,
      ),
    ).toEqual(['hr-portal', 'entra-desk-eu']);
    let problems: string[] = [];
    try {
      loadGatewayConfig(
        { ...ENV, GATEWAY_API_KEYS: `${KEY}:write`, USERBRIDGE_CONFIG: file(GOOD) },
        VENDOR_PLUGINS,
      );
    } catch (error) {
      problems = (error as ConfigurationError).problems;
    }
    expect(problems).toEqual(['apiKeys[0].key: the same key is also in GATEWAY_API_KEYS']);
  });

  it('holds every file problem in one ConfigurationError with the others', () => {
    let error: unknown;
    try {
      loadGatewayConfig(
        { PORT: 'eighty', USERBRIDGE_CONFIG: file(connection(DESK)) },
        VENDOR_PLUGINS,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems;
    expect(problems).toContain(
      'connections[0].credentials.password: env DESK_EU_PASSWORD is not set',
    );
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('GATEWAY_API_KEYS is required'))).toBe(true);
  });
});

describe('keyEntryOf', () => {
  it('keeps every scope of a file key with what it implies, and its connection limits', () => {
    const key = { key: KEY, label: 'k', connections: null };
    expect([...keyEntryOf({ ...key, scopes: ['admin'] }).scopes].sort()).toEqual([
      'admin',
      'read',
      'write',
    ]);
    expect([...keyEntryOf({ ...key, scopes: ['read', 'scim'] }).scopes].sort()).toEqual([
      'read',
      'scim',
    ]);
    const scim = keyEntryOf({ ...key, scopes: ['scim'], connections: ['desk-eu'] });
    expect([...scim.scopes]).toEqual(['scim']);
    expect(scim.connections).toEqual(['desk-eu']);
    expect(scim.label).toBe('k');
    expect(keyEntryOf({ ...key, scopes: ['write'] }).connections).toBeNull();
  });
});
