import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CONNECTION_NAME } from '@userbridge/canonical';
import {
  ConfiguredConnection,
  readBaseUrl,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import { parse as parseYaml } from 'yaml';
import { MIN_KEY_LENGTH } from './api-keys';

type Env = Readonly<Record<string, string | undefined>>;

/** The scopes a key of the file may hold (see DESIGN, "Connections and keys"). */
export const FILE_KEY_SCOPES = ['read', 'write', 'admin', 'scim'] as const;
export type FileKeyScope = (typeof FILE_KEY_SCOPES)[number];

/** One `apiKeys` entry, checked: the key is the resolved secret. */
export interface FileApiKey {
  key: string;
  label: string;
  scopes: FileKeyScope[];
  /** The connections the key is limited to; null = every connection. */
  connections: string[] | null;
}

export interface ConfigFile {
  connections: ConfiguredConnection[];
  apiKeys: FileApiKey[];
  /** Each connection's `options.scim`, by connection name (absent: none given). */
  scim: Record<string, ScimConnectionOptions>;
}

/**
 * A connection's SCIM settings (`options.scim`): values a vendor requires on
 * create that identity providers never send, and what a SCIM DELETE does.
 */
export interface ScimConnectionOptions {
  /** The org unit a SCIM-created user joins where the vendor requires one (Convirza). */
  defaultOrgUnitId?: number;
  /** The company a SCIM-created user gets where the vendor requires one and the IdP sends no organization (Credira). */
  defaultCompany?: string;
  /** True: a SCIM DELETE deletes at the vendor where it can; default: deactivate and tombstone. */
  deleteAtVendor?: boolean;
}

export const SCIM_OPTION_NAMES = ['defaultOrgUnitId', 'defaultCompany', 'deleteAtVendor'] as const;

/** `options.scim` of a connection, checked; problems are reported by path. */
export function readScimOptions(
  value: unknown,
  path: string,
  problems: string[],
): ScimConnectionOptions | null {
  if (!isObject(value)) {
    problems.push(
      `${path}: must be a mapping of ${SCIM_OPTION_NAMES.join(', ')}, not ${describe(value)}`,
    );
    return null;
  }
  const before = problems.length;
  unknownFields(value, path, SCIM_OPTION_NAMES, problems);
  const options: ScimConnectionOptions = {};
  const { defaultOrgUnitId, defaultCompany, deleteAtVendor } = value;
  if (defaultOrgUnitId !== undefined) {
    if (
      typeof defaultOrgUnitId === 'number' &&
      Number.isInteger(defaultOrgUnitId) &&
      defaultOrgUnitId > 0
    )
      options.defaultOrgUnitId = defaultOrgUnitId;
    else
      problems.push(`${path}.defaultOrgUnitId: must be a positive whole number (an org unit id)`);
  }
  if (defaultCompany !== undefined) {
    if (
      typeof defaultCompany === 'string' &&
      defaultCompany.trim() !== '' &&
      defaultCompany.length <= 200
    )
      options.defaultCompany = defaultCompany.trim();
    else
      problems.push(`${path}.defaultCompany: must be a non-empty text of at most 200 characters`);
  }
  if (deleteAtVendor !== undefined) {
    if (typeof deleteAtVendor === 'boolean') options.deleteAtVendor = deleteAtVendor;
    else problems.push(`${path}.deleteAtVendor: must be true or false`);
  }
  return problems.length > before ? null : options;
}

/** Labels are shown in log lines and the audit trail: short, printable, no spaces. */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MIN_TIMEOUT_MS = 50;
const MAX_TIMEOUT_MS = 120_000;
const TOP_LEVEL = ['connections', 'apiKeys'];
const CONNECTION_FIELDS = ['name', 'vendor', 'baseUrl', 'credentials', 'options'];
const KEY_FIELDS = ['label', 'key', 'scopes', 'connections'];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/**
 * Reads the file `USERBRIDGE_CONFIG` names: its connections and API keys.
 * Every problem is one line starting with its path in the file
 * (`connections[1].credentials.password: env DESK_EU_PASSWORD is not set`),
 * and all of them are reported; no line ever holds a secret's value.
 *
 * `takenNames` are the connections already configured from the environment
 * (a file connection may not reuse one).
 */
export function readConfigFile(
  file: string,
  env: Env,
  plugins: readonly VendorPlugin[],
  takenNames: readonly string[],
): { config: ConfigFile; problems: string[] } {
  const problems: string[] = [];
  const config: ConfigFile = { connections: [], apiKeys: [], scim: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    problems.push(
      `USERBRIDGE_CONFIG: cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code})`,
    );
    return { config, problems };
  }
  let document: unknown;
  try {
    // JSON is YAML, so one parser reads both. Duplicate keys are an error, not a silent override.
    document = parseYaml(text, { uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    const where = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    problems.push(
      `USERBRIDGE_CONFIG: ${file} is not YAML or JSON${where ? ` (line ${where.line}, column ${where.col})` : ''}`,
    );
    return { config, problems };
  }
  if (document === null || document === undefined) document = {};
  if (!isObject(document)) {
    problems.push(
      `USERBRIDGE_CONFIG: ${file} must be a mapping with "connections" and/or "apiKeys", not ${describe(document)}`,
    );
    return { config, problems };
  }
  for (const key of Object.keys(document))
    if (!TOP_LEVEL.includes(key))
      problems.push(`${key}: unknown section; expected ${TOP_LEVEL.join(' or ')}`);

  const secrets = new SecretReader(env, dirname(resolve(file)), problems);
  const names = new Set(takenNames);
  listAt(document, 'connections', problems).forEach((entry, index) => {
    const read = readConnection(entry, `connections[${index}]`, plugins, secrets, problems);
    if (read === null) return;
    const { connection, scim } = read;
    if (names.has(connection.name)) {
      problems.push(
        `connections[${index}].name: "${connection.name}" is used twice${takenNames.includes(connection.name) ? ' (the environment variables already define a connection of that name)' : ''}`,
      );
      return;
    }
    names.add(connection.name);
    config.connections.push(connection);
    if (scim !== null) config.scim[connection.name] = scim;
  });
  // Names of connections the file failed to read are still names: a key limited to one is not "unknown".
  const known = new Set([...names, ...attemptedNames(document)]);
  const labels = new Set<string>();
  const keys = new Set<string>();
  listAt(document, 'apiKeys', problems).forEach((entry, index) => {
    const key = readApiKey(entry, `apiKeys[${index}]`, known, secrets, problems);
    if (key === null) return;
    let ok = true;
    if (labels.has(key.label)) {
      problems.push(`apiKeys[${index}].label: "${key.label}" is used twice`);
      ok = false;
    }
    if (keys.has(key.key)) {
      problems.push(`apiKeys[${index}].key: the same key is used by an earlier entry`);
      ok = false;
    }
    labels.add(key.label);
    keys.add(key.key);
    if (ok) config.apiKeys.push(key);
  });
  return { config, problems };
}

function listAt(document: Record<string, unknown>, name: string, problems: string[]): unknown[] {
  const value = document[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${name}: must be a list, not ${describe(value)}`);
    return [];
  }
  return value;
}

function attemptedNames(document: Record<string, unknown>): string[] {
  const list = document.connections;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) =>
    isObject(entry) && typeof entry.name === 'string' ? [entry.name] : [],
  );
}

function unknownFields(
  entry: Record<string, unknown>,
  path: string,
  allowed: readonly string[],
  problems: string[],
): void {
  for (const key of Object.keys(entry))
    if (!allowed.includes(key))
      problems.push(`${path}.${key}: unknown field; expected ${allowed.join(', ')}`);
}

function readConnection(
  entry: unknown,
  path: string,
  plugins: readonly VendorPlugin[],
  secrets: SecretReader,
  problems: string[],
): { connection: ConfiguredConnection; scim: ScimConnectionOptions | null } | null {
  if (!isObject(entry)) {
    problems.push(`${path}: must be a mapping, not ${describe(entry)}`);
    return null;
  }
  const before = problems.length;
  unknownFields(entry, path, CONNECTION_FIELDS, problems);
  const { name, vendor, baseUrl, credentials, options = {} } = entry;
  if (typeof name !== 'string') {
    problems.push(`${path}.name: required, a text such as desk-eu`);
  } else if (!CONNECTION_NAME.test(name)) {
    problems.push(
      `${path}.name: "${name.slice(0, 40)}" must be a lower-case letter then up to 31 lower-case letters, digits or "-" ([a-z][a-z0-9-]{0,31}): it is the prefix of global ids`,
    );
  }
  const kinds = plugins.map((p) => p.name).join(', ');
  const plugin = plugins.find((p) => p.name === vendor);
  if (vendor === undefined) problems.push(`${path}.vendor: required, one of ${kinds}`);
  else if (!plugin)
    problems.push(
      `${path}.vendor: unknown vendor ${typeof vendor === 'string' ? `"${vendor.slice(0, 40)}"` : describe(vendor)}; expected one of ${kinds}`,
    );
  let url: string | null = null;
  if (typeof baseUrl !== 'string') {
    problems.push(
      `${path}.baseUrl: required, the vendor's API root such as https://api.example.com/v1`,
    );
  } else {
    try {
      url = readBaseUrl('baseUrl', baseUrl);
    } catch (error) {
      if (!(error instanceof VendorConfigError)) throw error;
      problems.push(`${path}.${error.message}`);
    }
  }
  const resolved: Record<string, string> = {};
  if (!isObject(credentials)) {
    problems.push(
      `${path}.credentials: required, a mapping${plugin ? ` of ${plugin.credentialNames.join(', ')}` : ''}`,
    );
  } else if (plugin) {
    for (const field of plugin.credentialNames) {
      if (credentials[field] === undefined) {
        problems.push(`${path}.credentials.${field}: required for a ${plugin.name} connection`);
        continue;
      }
      const value = secrets.read(credentials[field], `${path}.credentials.${field}`);
      if (value !== null) resolved[field] = value;
    }
    unknownFields(credentials, `${path}.credentials`, plugin.credentialNames, problems);
  }
  let timeoutMs: number | undefined;
  let scim: ScimConnectionOptions | null = null;
  const vendorOptions: Record<string, unknown> = {};
  if (!isObject(options)) {
    problems.push(`${path}.options: must be a mapping, not ${describe(options)}`);
  } else {
    for (const [key, value] of Object.entries(options)) {
      if (key === 'timeoutMs') {
        if (
          typeof value !== 'number' ||
          !Number.isInteger(value) ||
          value < MIN_TIMEOUT_MS ||
          value > MAX_TIMEOUT_MS
        )
          problems.push(
            `${path}.options.timeoutMs: must be a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`,
          );
        else timeoutMs = value;
      } else if (key === 'scim') {
        scim = readScimOptions(value, `${path}.options.scim`, problems);
      } else if (plugin && !plugin.optionNames.includes(key)) {
        const accepted = ['timeoutMs', 'scim', ...plugin.optionNames].join(', ');
        problems.push(
          `${path}.options.${key}: unknown option; a ${plugin.name} connection takes ${accepted}`,
        );
      } else {
        vendorOptions[key] = value;
      }
    }
  }
  if (problems.length > before || !plugin || url === null || typeof name !== 'string') return null;
  try {
    const settings = plugin.connectionFromFile({
      baseUrl: url,
      credentials: resolved,
      options: vendorOptions,
    });
    return {
      connection: { name, plugin, settings, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
      scim,
    };
  } catch (error) {
    if (!(error instanceof VendorConfigError)) throw error;
    problems.push(`${path}${error.path ? `.${error.path}` : ''}: ${error.message}`);
    return null;
  }
}

function readApiKey(
  entry: unknown,
  path: string,
  connections: ReadonlySet<string>,
  secrets: SecretReader,
  problems: string[],
): FileApiKey | null {
  if (!isObject(entry)) {
    problems.push(`${path}: must be a mapping, not ${describe(entry)}`);
    return null;
  }
  const before = problems.length;
  unknownFields(entry, path, KEY_FIELDS, problems);
  const { label, key, scopes, connections: limited } = entry;
  if (typeof label !== 'string' || label === '') {
    problems.push(`${path}.label: required, a name for the key shown in logs (never the key)`);
  } else if (!LABEL.test(label)) {
    problems.push(
      `${path}.label: must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  let value: string | null = null;
  if (key === undefined) problems.push(`${path}.key: required`);
  else {
    value = secrets.read(key, `${path}.key`);
    if (value !== null && (value.length < MIN_KEY_LENGTH || /\s/.test(value))) {
      problems.push(`${path}.key: a key needs at least ${MIN_KEY_LENGTH} characters and no spaces`);
      value = null;
    }
  }
  const granted: FileKeyScope[] = [];
  if (!Array.isArray(scopes) || scopes.length === 0) {
    problems.push(`${path}.scopes: required, a list of ${FILE_KEY_SCOPES.join(', ')}`);
  } else {
    scopes.forEach((scope, i) => {
      if (FILE_KEY_SCOPES.includes(scope as FileKeyScope)) granted.push(scope as FileKeyScope);
      else
        problems.push(
          `${path}.scopes[${i}]: unknown scope ${typeof scope === 'string' ? `"${scope.slice(0, 40)}"` : describe(scope)}; expected one of ${FILE_KEY_SCOPES.join(', ')}`,
        );
    });
  }
  let only: string[] | null = null;
  if (limited !== undefined) {
    if (!Array.isArray(limited) || limited.length === 0) {
      problems.push(
        `${path}.connections: a non-empty list of connection names (leave it out for every connection)`,
      );
    } else {
      only = [];
      limited.forEach((name, i) => {
        if (typeof name === 'string' && connections.has(name)) only?.push(name);
        else
          problems.push(
            `${path}.connections[${i}]: unknown connection ${typeof name === 'string' ? `"${name.slice(0, 40)}"` : describe(name)}; configured: ${[...connections].join(', ') || 'none'}`,
          );
      });
    }
  }
  if (problems.length > before || value === null || typeof label !== 'string') return null;
  return { key: value, label, scopes: [...new Set(granted)], connections: only };
}

/**
 * A secret is a literal, `{ env: NAME }` or `{ file: PATH }` (a relative path
 * is taken from the configuration file's directory; surrounding whitespace,
 * such as the newline a secrets file ends with, is dropped). Problems name the
 * path and the reference, never a value.
 */
class SecretReader {
  constructor(
    private readonly env: Env,
    private readonly baseDir: string,
    private readonly problems: string[],
  ) {}

  read(value: unknown, path: string): string | null {
    if (typeof value === 'string') {
      if (value !== '') return value;
      this.problems.push(`${path}: is empty`);
      return null;
    }
    if (isObject(value) && Object.keys(value).length === 1) {
      if (typeof value.env === 'string') {
        const found = this.env[value.env];
        if (found === undefined || found.trim() === '') {
          this.problems.push(`${path}: env ${value.env} is not set`);
          return null;
        }
        return found.trim();
      }
      if (typeof value.file === 'string') {
        const target = resolve(this.baseDir, value.file);
        let text: string;
        try {
          text = readFileSync(target, 'utf8');
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'error';
          this.problems.push(
            `${path}: file ${value.file} cannot be read (${code === 'ENOENT' ? 'no such file' : code})`,
          );
          return null;
        }
        return this.nonEmpty(text, path, `file ${value.file} is empty`);
      }
    }
    this.problems.push(
      `${path}: a secret is a text, { env: NAME } or { file: PATH }, not ${describe(value)}`,
    );
    return null;
  }

  private nonEmpty(text: string, path: string, why: string): string | null {
    const trimmed = text.trim();
    if (trimmed !== '') return trimmed;
    this.problems.push(`${path}: ${why}`);
    return null;
  }
}
