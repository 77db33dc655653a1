/** Development credentials of the sandbox: documented, not secret. */
export const SANDBOX_CREDENTIALS = {
  convirzaToken: 'sandbox-convirza-token',
  deskUsername: 'sandbox-desk',
  deskPassword: 'sandbox-desk-password',
  crediraApiKey: 'sandbox-credira-key',
} as const;

export const BASE_PATHS = {
  convirza: '/convirza/v3',
  desk: '/desk/api',
  credira: '/credira/v1',
} as const;

/**
 * Further tenants of a vendor the sandbox serves, each under a base path of
 * its own, with credentials of its own (a request carrying another tenant's is
 * a 401) and a seed of its own (see `tenantSeed`). For configuration files
 * with several connections of one vendor (examples/userbridge.yaml).
 */
export const SANDBOX_TENANTS = {
  'desk-eu': {
    vendor: 'desk',
    basePath: '/desk-eu/api',
    username: 'sandbox-desk-eu',
    password: 'sandbox-desk-eu-password',
  },
} as const;
export type SandboxTenant = keyof typeof SANDBOX_TENANTS;

/** The vendor variables that point every adapter at a sandbox served at `url`. */
export function sandboxVendorEnv(url: string): Record<string, string> {
  return {
    CONVIRZA_BASE_URL: `${url}${BASE_PATHS.convirza}`,
    CONVIRZA_TOKEN: SANDBOX_CREDENTIALS.convirzaToken,
    DESK_BASE_URL: `${url}${BASE_PATHS.desk}`,
    DESK_USERNAME: SANDBOX_CREDENTIALS.deskUsername,
    DESK_PASSWORD: SANDBOX_CREDENTIALS.deskPassword,
    CREDIRA_BASE_URL: `${url}${BASE_PATHS.credira}`,
    CREDIRA_API_KEY: SANDBOX_CREDENTIALS.crediraApiKey,
  };
}
