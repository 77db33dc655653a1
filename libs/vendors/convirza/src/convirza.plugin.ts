import {
  readBaseUrl,
  readVendorVariables,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import { ConvirzaAdapter } from './convirza.adapter';
import { VENDOR } from './convirza.envelope';

/** One Convirza account: its API root and Bearer token. */
export interface ConvirzaConnection {
  baseUrl: string;
  token: string;
}

const VARIABLES = ['CONVIRZA_BASE_URL', 'CONVIRZA_TOKEN'] as const;

/** A token with whitespace would split the Authorization header. */
function checkedToken(token: string, where: string, path?: string): string {
  if (/\s/.test(token)) throw new VendorConfigError(`${where} must not contain whitespace`, path);
  return token;
}

export const convirzaPlugin: VendorPlugin<ConvirzaConnection> = {
  name: VENDOR,
  envVars: VARIABLES,
  credentialNames: ['token'],
  optionNames: [],
  readConnection(env) {
    const values = readVendorVariables(env, 'convirza', VARIABLES);
    if (values === null) return null;
    return {
      baseUrl: readBaseUrl('CONVIRZA_BASE_URL', values.CONVIRZA_BASE_URL),
      token: checkedToken(values.CONVIRZA_TOKEN, 'CONVIRZA_TOKEN'),
    };
  },
  connectionFromFile: ({ baseUrl, credentials }) => ({
    baseUrl,
    token: checkedToken(credentials.token, 'the token', 'credentials.token'),
  }),
  createAdapter: (context, connection) =>
    new ConvirzaAdapter(
      context.http({
        baseUrl: connection.baseUrl,
        headers: { Authorization: `Bearer ${connection.token}` },
      }),
      context.connection,
    ),
};
