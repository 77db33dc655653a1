import {
  readBaseUrl,
  readVendorVariables,
  VendorConfigError,
  VendorPlugin,
} from '@userbridge/vendor-core';
import { DeskAdapter } from './desk.adapter';
import { VENDOR } from './desk.mapper';
import { DeskRolePair, parseDeskRoleIds } from './desk.roles';

/** One desk tenant: its API root, Basic credentials and the role ids it uses. */
export interface DeskConnection {
  baseUrl: string;
  username: string;
  password: string;
  /** DESK_ROLE_IDS (or the file's `options.roleIds`): role name -> id pairs of this tenant; empty when unset. */
  roleIds?: readonly DeskRolePair[];
}

const VARIABLES = ['DESK_BASE_URL', 'DESK_USERNAME', 'DESK_PASSWORD'] as const;

/** Basic auth joins user and password with ':', so a ':' in the user would move the split. */
function checkedUsername(username: string, where: string, path?: string): string {
  if (username.includes(':'))
    throw new VendorConfigError(
      `${where} must not contain ":" (HTTP Basic auth cannot carry it)`,
      path,
    );
  return username;
}

export const deskPlugin: VendorPlugin<DeskConnection> = {
  name: VENDOR,
  envVars: [...VARIABLES, 'DESK_ROLE_IDS'],
  credentialNames: ['username', 'password'],
  optionNames: ['roleIds'],
  readConnection(env) {
    const values = readVendorVariables(env, 'desk', VARIABLES);
    if (values === null && (env.DESK_ROLE_IDS ?? '').trim() !== '')
      throw new VendorConfigError(
        'DESK_ROLE_IDS is set but the desk is not configured: set DESK_BASE_URL, DESK_USERNAME and DESK_PASSWORD as well',
      );
    if (values === null) return null;
    return {
      baseUrl: readBaseUrl('DESK_BASE_URL', values.DESK_BASE_URL),
      username: checkedUsername(values.DESK_USERNAME, 'DESK_USERNAME'),
      password: values.DESK_PASSWORD,
      // Optional: role ids of this tenant, when the desk's own reads cannot teach them.
      roleIds: parseDeskRoleIds(env.DESK_ROLE_IDS),
    };
  },
  connectionFromFile({ baseUrl, credentials, options }) {
    const roleIds = options.roleIds;
    if (roleIds !== undefined && typeof roleIds !== 'string')
      throw new VendorConfigError(
        'must be a text of <role name>:<role id> pairs, e.g. "Admin:17,Agent:23"',
        'options.roleIds',
      );
    let pairs: DeskRolePair[];
    try {
      pairs = parseDeskRoleIds(roleIds, 'roleIds');
    } catch (error) {
      if (error instanceof VendorConfigError)
        throw new VendorConfigError(error.message, 'options.roleIds');
      throw error;
    }
    return {
      baseUrl,
      username: checkedUsername(credentials.username, 'the username', 'credentials.username'),
      password: credentials.password,
      roleIds: pairs,
    };
  },
  createAdapter(context, connection) {
    const basic = Buffer.from(`${connection.username}:${connection.password}`, 'utf8').toString(
      'base64',
    );
    return new DeskAdapter(
      context.http({
        baseUrl: connection.baseUrl,
        headers: { Authorization: `Basic ${basic}` },
      }),
      connection.roleIds ?? [],
      context.connection,
    );
  },
};
