import { TestDatabase, testDatabase } from '@userbridge/directory/testing';
import { RunningSandbox, startSandbox } from '../../apps/vendor-sandbox/src';
import { GatewayProcess, startGatewayProcess } from './gateway-process';
import { READ_KEY, WRITE_KEY } from './stack';

/** Two gateway processes sharing one real PostgreSQL server and one vendor sandbox. */
export interface TwoGateways {
  databaseUrl: string;
  sandbox: RunningSandbox;
  /** The environment both processes were started with (to start one again). */
  env: Record<string, string>;
  gateways: GatewayProcess[];
  /** Stops whatever was started, gateways first. */
  stop(): Promise<void>;
}

/**
 * An empty database of its own (see testDatabase), the sandbox with
 * `usersPerVendor` users per vendor, and two gateway processes on both
 * (read and write keys, no scheduled sync, warnings only). Started one after
 * the other: both migrate the same database at boot. What started is stopped
 * again when a later step fails.
 */
export async function startTwoGateways(usersPerVendor: number): Promise<TwoGateways> {
  const gateways: GatewayProcess[] = [];
  let database: TestDatabase | undefined;
  let sandbox: RunningSandbox | undefined;
  const stop = async () => {
    for (const gateway of gateways) await gateway.stop();
    await sandbox?.close();
    await database?.release();
  };
  try {
    database = await testDatabase({ empty: true });
    const databaseUrl = database.url;
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0, usersPerVendor });
    const env = {
      ...sandbox.vendorEnv(),
      DATABASE_URL: databaseUrl,
      GATEWAY_API_KEYS: `${READ_KEY}:read,${WRITE_KEY}:write`,
      SYNC_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
    };
    gateways.push(await startGatewayProcess(env));
    gateways.push(await startGatewayProcess(env));
    return { databaseUrl, sandbox, env, gateways, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
