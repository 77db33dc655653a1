import {
  ConfiguredConnection,
  DEFAULT_RESILIENCE,
  ResilienceOptions,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import type { DeletionPolicy } from '@userbridge/directory';
import { ApiKeyEntry, digestKey, makeKeyEntry, parseApiKeys } from './api-keys';
import { Env, integer } from './env-values';
import { FileApiKey, readConfigFile, ScimConnectionOptions } from './config-file';
import { loadWebhookSettings, WebhookSettings } from '../webhooks/webhook-settings';

export interface GatewayConfig {
  port: number;
  host: string;
  apiKeys: ApiKeyEntry[];
  vendorTimeoutMs: number;
  /**
   * Every connection: first one per vendor configured by its environment
   * variables (named after the vendor), then the file's, in its order.
   */
  connections: ConfiguredConnection[];
  /** The file `USERBRIDGE_CONFIG` named, when one did. */
  configFile: string | null;
  resilience: ResilienceOptions;
  logLevel: string;
  /** Requests per minute per API key; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Origins allowed by CORS; empty means CORS is off. */
  corsOrigins: string[];
  /** Where the directory (the synced copy of every vendor's users) lives. */
  store: StoreLocation;
  /** Seconds between scheduled syncs of each vendor; 0 = only on demand (no boot sync either). */
  syncIntervalSeconds: number;
  /** A sync run not renewed for this long is taken for dead (its process crashed or hung). */
  syncLeaseSeconds: number;
  /** When a sync may mark users deleted: the mass-deletion guard and the confirmation bound. */
  syncDeletion: DeletionPolicy;
  /** Vendor answers a sync keeps in flight per connection, where the vendor's paging allows (1..16). */
  syncPageConcurrency: number;
  /** Failed authentications allowed per client address per minute; past it, 429. */
  authFailuresPerMinute: number;
  /** How long `/ready` reuses its vendor probes, so a flood of checks is not a flood of vendor calls. */
  readyCacheMs: number;
  /** How webhooks are delivered (WEBHOOK_* variables). */
  webhooks: WebhookSettings;
  /** Audit records older than this many days are pruned; null keeps them forever (the default). */
  auditRetentionDays: number | null;
  offboarding: OffboardingSettings;
  scim: ScimSettings;
}

/** How offboarding plans live and runs execute. */
export interface OffboardingSettings {
  /** A plan not executed within this long is refused (it was read live: plan again). */
  planTtlSeconds: number;
  /** A run (or a plan being built) whose process stopped renewing this lease is taken over. */
  leaseSeconds: number;
  /** Vendor writes (each with its reads) in flight per connection during a run or a plan's reads. */
  concurrencyPerConnection: number;
}

/** The SCIM endpoints' settings. */
export interface ScimSettings {
  /** Each connection's `options.scim` (a connection of the environment variables has none). */
  connections: Record<string, ScimConnectionOptions>;
  /** How long the first SCIM request of a never-synced connection waits for its sync before a 503. */
  firstSyncWaitMs: number;
  /** `count` of a list that sends none, and the largest it may ask for (`filter.maxResults`). */
  defaultCount: number;
  maxCount: number;
  /** Requests per minute per `scim` key (their own budget); 0 turns the limit off. */
  rateLimitPerMinute: number;
}

/**
 * A PostgreSQL server (`DATABASE_URL`), or the embedded PostgreSQL (PGlite)
 * keeping its files under `dataDir` (`memory://` keeps them in memory only).
 */
export type StoreLocation = { kind: 'server'; url: string } | { kind: 'embedded'; dataDir: string };

export const DEFAULT_SYNC_INTERVAL_SECONDS = 900;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** A share from 0 to 1, written as a decimal (`0.1`). */
function ratio(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^(0|1|0?\.[0-9]+|1\.0+)$/.test(raw)) {
    problems.push(`${name} must be a number from 0 to 1, such as 0.1 (got "${raw}")`);
    return fallback;
  }
  return Number(raw);
}

/**
 * Reads and checks every variable once, at boot, and reports every problem in
 * one message. Each vendor reads its own variables through its plugin.
 */
export function loadGatewayConfig(env: Env, plugins: readonly VendorPlugin[]): GatewayConfig {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const vendorTimeoutMs = integer(env, 'VENDOR_TIMEOUT_MS', 5000, 50, 120_000, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const authFailuresPerMinute = integer(env, 'AUTH_FAILURES_PER_MINUTE', 30, 1, 100_000, problems);
  const readyCacheMs = integer(env, 'READY_CACHE_MS', 3000, 0, 60_000, problems);
  const rateLimitPerMinute = integer(env, 'RATE_LIMIT_PER_MINUTE', 1200, 0, 10_000_000, problems);
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      problems.push(
        `CORS_ORIGINS entry "${origin}" must be an origin such as https://app.example.com`,
      );
  }
  const resilience: ResilienceOptions = {
    ...DEFAULT_RESILIENCE,
    maxRetries: integer(env, 'VENDOR_MAX_RETRIES', DEFAULT_RESILIENCE.maxRetries, 0, 5, problems),
    retryAfterCapMs: integer(
      env,
      'VENDOR_RETRY_AFTER_CAP_MS',
      DEFAULT_RESILIENCE.retryAfterCapMs,
      0,
      60_000,
      problems,
    ),
    maxResponseBytes: integer(
      env,
      'VENDOR_MAX_RESPONSE_BYTES',
      DEFAULT_RESILIENCE.maxResponseBytes,
      1024,
      1024 * 1024 * 1024,
      problems,
    ),
    breaker: {
      ...DEFAULT_RESILIENCE.breaker,
      resetTimeoutMs: integer(
        env,
        'VENDOR_BREAKER_RESET_MS',
        DEFAULT_RESILIENCE.breaker.resetTimeoutMs,
        100,
        600_000,
        problems,
      ),
      volumeThreshold: integer(
        env,
        'VENDOR_BREAKER_MIN_CALLS',
        DEFAULT_RESILIENCE.breaker.volumeThreshold,
        1,
        10_000,
        problems,
      ),
    },
  };

  const store = storeLocation(env, problems);
  const syncIntervalSeconds = integer(
    env,
    'SYNC_INTERVAL_SECONDS',
    DEFAULT_SYNC_INTERVAL_SECONDS,
    0,
    7 * 24 * 3600,
    problems,
  );

  const syncLeaseSeconds = integer(env, 'SYNC_LEASE_SECONDS', 120, 1, 24 * 3600, problems);
  const syncPageConcurrency = integer(env, 'SYNC_PAGE_CONCURRENCY', 1, 1, 16, problems);
  const syncDeletion: DeletionPolicy = {
    guardRatio: ratio(env, 'SYNC_DELETE_GUARD_RATIO', 0.1, problems),
    guardMin: integer(env, 'SYNC_DELETE_GUARD_MIN', 25, 0, 10_000_000, problems),
    confirmMax: integer(env, 'SYNC_DELETE_CONFIRM_MAX', 1000, 0, 1_000_000, problems),
  };

  const auditRetentionDays = env.AUDIT_RETENTION_DAYS?.trim()
    ? integer(env, 'AUDIT_RETENTION_DAYS', 0, 1, 36_500, problems)
    : null;
  const offboarding: OffboardingSettings = {
    planTtlSeconds: integer(env, 'OFFBOARDING_PLAN_TTL_SECONDS', 3600, 1, 7 * 24 * 3600, problems),
    leaseSeconds: integer(env, 'OFFBOARDING_LEASE_SECONDS', 60, 1, 3600, problems),
    concurrencyPerConnection: integer(env, 'OFFBOARDING_CONCURRENCY', 4, 1, 64, problems),
  };
  const scimMaxCount = integer(env, 'SCIM_MAX_COUNT', 200, 1, 10_000, problems);
  const scim: ScimSettings = {
    connections: {},
    firstSyncWaitMs: integer(env, 'SCIM_FIRST_SYNC_WAIT_MS', 30_000, 0, 600_000, problems),
    defaultCount: Math.min(
      scimMaxCount,
      integer(env, 'SCIM_DEFAULT_COUNT', 100, 1, 10_000, problems),
    ),
    maxCount: scimMaxCount,
    rateLimitPerMinute: integer(env, 'SCIM_RATE_LIMIT_PER_MINUTE', 3000, 0, 10_000_000, problems),
  };

  const connections: ConfiguredConnection[] = [];
  for (const plugin of plugins) {
    try {
      const settings = plugin.readConnection(env);
      if (settings !== null) connections.push({ name: plugin.name, plugin, settings });
    } catch (error) {
      if (!(error instanceof VendorConfigError)) throw error;
      problems.push(error.message);
    }
  }

  const configFile = env.USERBRIDGE_CONFIG?.trim() || null;
  let fileKeys: FileApiKey[] = [];
  if (configFile !== null) {
    const file = readConfigFile(
      configFile,
      env,
      plugins,
      connections.map((c) => c.name),
    );
    connections.push(...file.config.connections);
    fileKeys = file.config.apiKeys;
    scim.connections = file.config.scim;
    problems.push(...file.problems);
  }

  if (configFile !== null && connections.length === 0 && problems.length === 0)
    problems.push(
      `USERBRIDGE_CONFIG: ${configFile} defines no connection and no vendor variable is set: add connections to the file, or unset USERBRIDGE_CONFIG for the demo`,
    );

  const apiKeys: ApiKeyEntry[] = [];
  const keysText = env.GATEWAY_API_KEYS?.trim();
  if (keysText) {
    const parsed = parseApiKeys(keysText);
    apiKeys.push(...parsed.keys);
    problems.push(...parsed.problems);
  } else if (fileKeys.length === 0) {
    problems.push(
      'GATEWAY_API_KEYS is required (a comma list of key:scope or label=key:scope, scope read, write, admin or scim) unless the USERBRIDGE_CONFIG file has apiKeys',
    );
  }
  fileKeys.forEach((key, index) => {
    const digest = digestKey(key.key);
    if (apiKeys.some((entry) => entry.digest.equals(digest))) {
      const at = configFile === null ? '' : `apiKeys[${index}].key: `;
      problems.push(`${at}the same key is also in GATEWAY_API_KEYS`);
      return;
    }
    const at = configFile === null ? '' : `apiKeys[${index}].label: `;
    if (apiKeys.some((entry) => entry.label === key.label)) {
      problems.push(`${at}the label ${key.label} is also used in GATEWAY_API_KEYS`);
      return;
    }
    apiKeys.push(keyEntryOf(key));
  });

  const webhooks = loadWebhookSettings(env, problems);

  if (problems.length > 0) throw new ConfigurationError(problems);
  return {
    port,
    host,
    apiKeys,
    vendorTimeoutMs,
    connections,
    configFile,
    resilience,
    logLevel,
    rateLimitPerMinute,
    corsOrigins,
    store,
    syncIntervalSeconds,
    syncLeaseSeconds,
    syncDeletion,
    syncPageConcurrency,
    readyCacheMs,
    authFailuresPerMinute,
    scim,
    webhooks,
    auditRetentionDays,
    offboarding,
  };
}

/** The store's location; a bad DATABASE_URL is reported without echoing it (it may hold a password). */
function storeLocation(env: Env, problems: string[]): StoreLocation {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let parsed: URL | null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol) || !parsed.hostname) {
      problems.push(
        'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/userbridge (unset it to use the embedded PostgreSQL)',
      );
    }
    return { kind: 'server', url };
  }
  return { kind: 'embedded', dataDir: env.USERBRIDGE_DATA_DIR?.trim() || './data' };
}

/**
 * A key of the configuration file as the gateway's key model holds it. Scopes
 * imply the ones below them (admin > write > read); a key with `scim` only
 * cannot call the REST API, so it authenticates nothing there (null).
 */
export function keyEntryOf(key: FileApiKey): ApiKeyEntry {
  return makeKeyEntry(key.key, key.label, key.scopes, key.connections);
}

/**
 * True when no connection is configured anywhere: no vendor variable at all
 * and no configuration file. Then the one-command demo runs the sandbox. A
 * file counts even without connections: its author asked for a configured
 * gateway, and a demo would hide their mistake.
 */
export function noVendorConfigured(env: Env, plugins: readonly VendorPlugin[]): boolean {
  return (
    (env.USERBRIDGE_CONFIG ?? '').trim() === '' &&
    plugins.every((plugin) => plugin.envVars.every((name) => (env[name] ?? '').trim() === ''))
  );
}
