import Fastify from 'fastify';
import { AddressInfo } from 'node:net';
import { controlRoutes } from './control';
import { BASE_PATHS, SANDBOX_CREDENTIALS } from './credentials';
import { faultProblem, FaultBook } from './faults';
import { StatsBook } from './stats';
import { SandboxStore } from './store';
import { RunningSandbox, SANDBOX_VENDORS, SandboxOptions } from './types';
import { vendorScope } from './vendor-scope';
import { convirzaDialect } from './vendors/convirza.dialect';
import { crediraDialect } from './vendors/credira.dialect';
import { deskDialect } from './vendors/desk.dialect';

/**
 * Starts the three simulated vendors on one server, each under its own base
 * path. Every sandbox has its own data, faults and counters.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const store = new SandboxStore();
  const faults = new FaultBook();
  const stats = new StatsBook();
  for (const [vendor, settings] of Object.entries(options.faults ?? {})) {
    const problem = faultProblem(settings);
    if (problem) throw new Error(`sandbox faults for ${vendor}: ${problem}`);
    if (!(SANDBOX_VENDORS as readonly string[]).includes(vendor))
      throw new Error(`sandbox faults: unknown vendor "${vendor}"`);
    faults.set(vendor as (typeof SANDBOX_VENDORS)[number], settings);
  }

  // forceCloseConnections: close() must not wait for requests a `hang` fault holds open.
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  const reset = () => {
    store.reset();
    faults.clear();
    stats.reset();
  };
  for (const dialect of [convirzaDialect, deskDialect, crediraDialect]) {
    const basePath = BASE_PATHS[dialect.vendor];
    await app.register(vendorScope(dialect, { store, faults, stats, basePath }), {
      prefix: basePath,
    });
  }
  await app.register(controlRoutes(faults, stats, reset), { prefix: '/_sandbox' });

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const { address, port } = app.server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  return {
    url,
    vendorEnv: () => ({
      CONVIRZA_BASE_URL: `${url}${BASE_PATHS.convirza}`,
      CONVIRZA_TOKEN: SANDBOX_CREDENTIALS.convirzaToken,
      DESK_BASE_URL: `${url}${BASE_PATHS.desk}`,
      DESK_USERNAME: SANDBOX_CREDENTIALS.deskUsername,
      DESK_PASSWORD: SANDBOX_CREDENTIALS.deskPassword,
      CREDIRA_BASE_URL: `${url}${BASE_PATHS.credira}`,
      CREDIRA_API_KEY: SANDBOX_CREDENTIALS.crediraApiKey,
    }),
    setFault: (vendor, settings) => {
      const problem = faultProblem(settings);
      if (problem) throw new Error(`sandbox fault for ${vendor}: ${problem}`);
      faults.set(vendor, settings);
    },
    clearFaults: () => faults.clear(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    reset,
    close: async () => {
      await app.close();
    },
  };
}
