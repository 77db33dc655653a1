import { VENDOR_PLUGINS } from '../vendors/vendor-plugins';
import { ConfigurationError, loadGatewayConfig, noVendorConfigured } from './gateway-config';

const KEYS = { GATEWAY_API_KEYS: 'reader-key-0123456789:read,writer-key-0123456789:write' };
const CONVIRZA = {
  CONVIRZA_BASE_URL: 'https://platform-api.convirza.com/v3',
  CONVIRZA_TOKEN: 't0ken',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadGatewayConfig(env, VENDOR_PLUGINS);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).problems;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadGatewayConfig', () => {
  it('reads defaults and only the vendors whose variables are set', () => {
    const config = loadGatewayConfig({ ...KEYS, ...CONVIRZA }, VENDOR_PLUGINS);
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      vendorTimeoutMs: 5000,
      rateLimitPerMinute: 1200,
      corsOrigins: [],
    });
    expect(config.connections.map((c) => [c.name, c.plugin.name])).toEqual([
      ['convirza', 'convirza'],
    ]);
    expect(config.resilience.maxRetries).toBe(2);
    expect(config.resilience.maxResponseBytes).toBe(10 * 1024 * 1024);
    expect(config.readyCacheMs).toBe(3000);
  });

  it('bounds vendor answers and the readiness cache as configured, refusing nonsense', () => {
    const config = loadGatewayConfig(
      { ...KEYS, ...CONVIRZA, VENDOR_MAX_RESPONSE_BYTES: '65536', READY_CACHE_MS: '0' },
      VENDOR_PLUGINS,
    );
    expect(config.resilience.maxResponseBytes).toBe(65536);
    expect(config.readyCacheMs).toBe(0);
    const text = problemsOf({
      ...KEYS,
      VENDOR_MAX_RESPONSE_BYTES: '10',
      READY_CACHE_MS: 'soon',
    }).join('\n');
    expect(text).toContain('VENDOR_MAX_RESPONSE_BYTES');
    expect(text).toContain('READY_CACHE_MS');
  });

  it('keeps audit records forever unless AUDIT_RETENTION_DAYS says how many days', () => {
    expect(
      loadGatewayConfig({ ...KEYS, ...CONVIRZA }, VENDOR_PLUGINS).auditRetentionDays,
    ).toBeNull();
    expect(
      loadGatewayConfig({ ...KEYS, ...CONVIRZA, AUDIT_RETENTION_DAYS: '365' }, VENDOR_PLUGINS)
        .auditRetentionDays,
    ).toBe(365);
    for (const bad of ['0', '-1', '30d', '1.5'])
      expect(problemsOf({ ...KEYS, AUDIT_RETENTION_DAYS: bad }).join('\n')).toContain(
        'AUDIT_RETENTION_DAYS must be a whole number from 1',
      );
  });

  it('reports every problem at once, naming each variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      VENDOR_TIMEOUT_MS: '10',
      LOG_LEVEL: 'loud',
      CORS_ORIGINS: 'not-an-origin',
      DESK_BASE_URL: 'https://x/api',
      CREDIRA_BASE_URL: 'not a url',
      CREDIRA_API_KEY: 'k',
    });
    const text = problems.join('\n');
    for (const name of [
      'PORT',
      'VENDOR_TIMEOUT_MS',
      'LOG_LEVEL',
      'CORS_ORIGINS',
      'DESK_USERNAME',
      'CREDIRA_BASE_URL',
      'GATEWAY_API_KEYS',
    ]) {
      expect(text).toContain(name);
    }
    expect(problems.length).toBeGreaterThanOrEqual(7);
  });

  it('keeps the store embedded under ./data unless DATABASE_URL names a server', () => {
    expect(loadGatewayConfig({ ...KEYS, ...CONVIRZA }, VENDOR_PLUGINS)).toMatchObject({
      store: { kind: 'embedded', dataDir: './data' },
      syncIntervalSeconds: 900,
    });
    expect(
      loadGatewayConfig(
        { ...KEYS, USERBRIDGE_DATA_DIR: 'memory://', SYNC_INTERVAL_SECONDS: '0' },
        VENDOR_PLUGINS,
      ),
    ).toMatchObject({ store: { kind: 'embedded', dataDir: 'memory://' }, syncIntervalSeconds: 0 });
    const url = 'postgres://ub:pw@db.internal:5432/userbridge';
    expect(loadGatewayConfig({ ...KEYS, DATABASE_URL: url }, VENDOR_PLUGINS).store).toEqual({
      kind: 'server',
      url,
    });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL without echoing it, and a bad interval', () => {
    const text = problemsOf({
      ...KEYS,
      DATABASE_URL: 'mysql://root:hunter2@db/x',
      SYNC_INTERVAL_SECONDS: '-5',
    }).join('\n');
    expect(text).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
    expect(text).toMatch(/SYNC_INTERVAL_SECONDS/);
    expect(text).not.toContain('hunter2');
  });

  it('reads the sync deletion safety settings, and reports every bad one at once', () => {
    expect(loadGatewayConfig({ ...KEYS, ...CONVIRZA }, VENDOR_PLUGINS)).toMatchObject({
      syncLeaseSeconds: 120,
      syncDeletion: { guardRatio: 0.1, guardMin: 25, confirmMax: 1000 },
    });
    expect(
      loadGatewayConfig(
        {
          ...KEYS,
          SYNC_DELETE_GUARD_RATIO: '0.25',
          SYNC_DELETE_GUARD_MIN: '0',
          SYNC_DELETE_CONFIRM_MAX: '50',
          SYNC_LEASE_SECONDS: '30',
        },
        VENDOR_PLUGINS,
      ),
    ).toMatchObject({
      syncLeaseSeconds: 30,
      syncDeletion: { guardRatio: 0.25, guardMin: 0, confirmMax: 50 },
    });
    const problems = problemsOf({
      ...KEYS,
      SYNC_DELETE_GUARD_RATIO: '10%',
      SYNC_DELETE_GUARD_MIN: '-1',
      SYNC_DELETE_CONFIRM_MAX: 'lots',
      SYNC_LEASE_SECONDS: '0',
    });
    expect(problems).toHaveLength(4);
    const text = problems.join('\n');
    expect(text).toMatch(/SYNC_DELETE_GUARD_RATIO must be a number from 0 to 1/);
    for (const name of ['SYNC_DELETE_GUARD_MIN', 'SYNC_DELETE_CONFIRM_MAX', 'SYNC_LEASE_SECONDS'])
      expect(text).toContain(name);
    expect(problemsOf({ ...KEYS, SYNC_DELETE_GUARD_RATIO: '1.5' }).join()).toMatch(/RATIO/);
  });

  it('tells when no vendor at all is configured (the demo mode)', () => {
    expect(noVendorConfigured({}, VENDOR_PLUGINS)).toBe(true);
    expect(noVendorConfigured({ DESK_USERNAME: 'x' }, VENDOR_PLUGINS)).toBe(false);
  });

  it('never echoes a secret in a problem', () => {
    const text = problemsOf({
      CREDIRA_BASE_URL: 'https://user:pass@api.credira.com/v1',
      CREDIRA_API_KEY: 'very-secret-key',
      GATEWAY_API_KEYS: 'short:read',
    }).join('\n');
    expect(text).not.toContain('very-secret-key');
    expect(text).not.toContain('pass@');
    expect(text).not.toContain('short:read');
  });
});
