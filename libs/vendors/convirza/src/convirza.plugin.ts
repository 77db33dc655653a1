import {
  readBaseUrl,
  readVendorVariables,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import { ConvirzaAdapter } from './convirza.adapter';
import { ConvirzaConnection, ConvirzaModule } from './convirza.module';

const VARIABLES = ['CONVIRZA_BASE_URL', 'CONVIRZA_TOKEN'] as const;

export const convirzaPlugin: VendorPlugin<ConvirzaConnection> = {
  name: 'convirza',
  envVars: VARIABLES,
  readConnection(env) {
    const values = readVendorVariables(env, 'convirza', VARIABLES);
    if (values === null) return null;
    // A token with whitespace would split the Authorization header.
    if (/\s/.test(values.CONVIRZA_TOKEN))
      throw new VendorConfigError('CONVIRZA_TOKEN must not contain whitespace');
    return {
      baseUrl: readBaseUrl('CONVIRZA_BASE_URL', values.CONVIRZA_BASE_URL),
      token: values.CONVIRZA_TOKEN,
    };
  },
  module: (connection, common) => ConvirzaModule.register(connection, common),
  adapter: ConvirzaAdapter,
};
