import {
  readBaseUrl,
  readVendorVariables,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import { DeskAdapter } from './desk.adapter';
import { parseDeskRoleIds } from './desk.roles';
import { DeskConnection, DeskModule } from './desk.module';

const VARIABLES = ['DESK_BASE_URL', 'DESK_USERNAME', 'DESK_PASSWORD'] as const;

export const deskPlugin: VendorPlugin<DeskConnection> = {
  name: 'desk',
  envVars: [...VARIABLES, 'DESK_ROLE_IDS'],
  readConnection(env) {
    const values = readVendorVariables(env, 'desk', VARIABLES);
    if (values === null && (env.DESK_ROLE_IDS ?? '').trim() !== '')
      throw new VendorConfigError(
        'DESK_ROLE_IDS is set but the desk is not configured: set DESK_BASE_URL, DESK_USERNAME and DESK_PASSWORD as well',
      );
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
      // Optional: role ids of this tenant, when the desk's own reads cannot teach them.
      roleIds: parseDeskRoleIds(env.DESK_ROLE_IDS),
    };
  },
  module: (connection, common) => DeskModule.register(connection, common),
  adapter: DeskAdapter,
};
