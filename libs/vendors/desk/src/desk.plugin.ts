import {
  readBaseUrl,
  readVendorVariables,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import { DeskAdapter } from './desk.adapter';
import { DeskConnection, DeskModule } from './desk.module';

const VARIABLES = ['DESK_BASE_URL', 'DESK_USERNAME', 'DESK_PASSWORD'] as const;

export const deskPlugin: VendorPlugin<DeskConnection> = {
  name: 'desk',
  envVars: VARIABLES,
  readConnection(env) {
    const values = readVendorVariables(env, 'desk', VARIABLES);
    if (values === null) return null;
    // Basic auth joins user and password with ':', so a ':' in the user would move the split.
    if (values.DESK_USERNAME.includes(':'))
      throw new VendorConfigError(
        'DESK_USERNAME must not contain ":" (HTTP Basic auth cannot carry it)',
      );
    return {
      baseUrl: readBaseUrl('DESK_BASE_URL', values.DESK_BASE_URL),
      username: values.DESK_USERNAME,
      password: values.DESK_PASSWORD,
    };
  },
  module: (connection, common) => DeskModule.register(connection, common),
  adapter: DeskAdapter,
};
