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
