import {
  readBaseUrl,
  readVendorVariables,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import { CrediraAdapter } from './credira.adapter';
import { VENDOR } from './credira.envelope';

/** One Credira account: its API root and Bearer key. */
export interface CrediraConnection {
  baseUrl: string;
  apiKey: string;
}

const VARIABLES = ['CREDIRA_BASE_URL', 'CREDIRA_API_KEY'] as const;

/** A key with whitespace would split the Authorization header. */
function checkedKey(key: string, where: string, path?: string): string {
  if (/\s/.test(key)) throw new VendorConfigError(`${where} must not contain whitespace`, path);
  return key;
}

export const crediraPlugin: VendorPlugin<CrediraConnection> = {
  name: VENDOR,
  envVars: VARIABLES,
  credentialNames: ['apiKey'],
  optionNames: [],
  readConnection(env) {
    const values = readVendorVariables(env, 'credira', VARIABLES);
    if (values === null) return null;
    return {
      baseUrl: readBaseUrl('CREDIRA_BASE_URL', values.CREDIRA_BASE_URL),
      apiKey: checkedKey(values.CREDIRA_API_KEY, 'CREDIRA_API_KEY'),
    };
  },
  connectionFromFile: ({ baseUrl, credentials }) => ({
    baseUrl,
    apiKey: checkedKey(credentials.apiKey, 'the API key', 'credentials.apiKey'),
  }),
  createAdapter: (context, connection) =>
    new CrediraAdapter(
      context.http({
        baseUrl: connection.baseUrl,
        headers: { Authorization: `Bearer ${connection.apiKey}` },
      }),
      context.connection,
    ),
};
