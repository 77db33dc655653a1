import type { DirectoryOptions } from '@userbridge/directory';
import { GatewayConfig } from '../config/gateway-config';

/** The embedded store's in-memory location (tests, throw-away demos). */
export const IN_MEMORY_DATA_DIR = 'memory://';

/** How the gateway's configuration opens the directory. */
export function directoryOptions(config: GatewayConfig): DirectoryOptions {
  const sync = {
    syncLeaseMs: config.syncLeaseSeconds * 1000,
    syncDeletion: config.syncDeletion,
    syncPageConcurrency: config.syncPageConcurrency,
  };
  if (config.store.kind === 'server') return { databaseUrl: config.store.url, ...sync };
  return {
    dataDir: config.store.dataDir === IN_MEMORY_DATA_DIR ? null : config.store.dataDir,
    ...sync,
  };
}
