import {
  readBaseUrl,
  readVendorVariables,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import { CrediraAdapter } from './credira.adapter';
import { CrediraConnection, CrediraModule } from './credira.module';

const VARIABLES = ['CREDIRA_BASE_URL', 'CREDIRA_API_KEY'] as const;

export const crediraPlugin: VendorPlugin<CrediraConnection> = {
  name: 'credira',
  envVars: VARIABLES,
  readConnection(env) {
    const values = readVendorVariables(env, 'credira', VARIABLES);
    if (values === null) return null;
    // A key with whitespace would split the Authorization header.
    if (/\s/.test(values.CREDIRA_API_KEY))
      throw new VendorConfigError('CREDIRA_API_KEY must not contain whitespace');
    return {
      baseUrl: readBaseUrl('CREDIRA_BASE_URL', values.CREDIRA_BASE_URL),
      apiKey: values.CREDIRA_API_KEY,
    };
  },
  module: (connection, common) => CrediraModule.register(connection, common),
  adapter: CrediraAdapter,
};
