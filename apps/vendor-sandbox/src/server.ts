import Fastify from 'fastify';
import { AddressInfo, Socket } from 'node:net';
import { controlRoutes } from './control';
import { convirzaDialect } from './convirza/dialect';
import { BASE_PATHS, SANDBOX_TENANTS, SandboxTenant, sandboxVendorEnv } from './credentials';
import { crediraDialect } from './credira/dialect';
import { deskDialect, deskDialectFor } from './desk/dialect';
import { tenantSeed } from './seed/tenant';
import { FaultBook, faultProblem } from './faults';
import { StatsBook } from './stats';
import { SandboxStore } from './store';
import {
  FaultSettings,
  isSandboxVendor,
  RunningSandbox,
  SandboxOptions,
  SandboxVendor,
} from './types';
import { vendorScope } from './vendor-scope';

function checkedFaults(faults: SandboxOptions['faults'] = {}): FaultBook {
  const book = new FaultBook();
  for (const [vendor, settings] of Object.entries(faults)) {
    if (!isSandboxVendor(vendor)) throw new Error(`sandbox faults: unknown vendor "${vendor}"`);
    const problem = faultProblem(settings);
    if (problem) throw new Error(`sandbox faults for ${vendor}: ${problem}`);
    book.set(vendor, settings as FaultSettings);
  }
  return book;
}

/**
 * Starts the three simulated vendors on one server, each under its own base
 * path. Every sandbox has its own data, faults and counters, so a process may
 * run several.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const usersPerVendor = options.usersPerVendor ?? 0;
  if (!Number.isInteger(usersPerVendor) || usersPerVendor < 0 || usersPerVendor > 1_000_000)
    throw new Error('sandbox usersPerVendor must be a whole number from 0 to 1000000');
  const store = new SandboxStore(usersPerVendor);
  const faults = checkedFaults(options.faults);
  const stats = new StatsBook();
  const held = new Set<Socket>();

  // forceCloseConnections: close() must not wait for keep-alive or hanging connections.
  // maxParamLength: ids up to the vendors' own bound (128) reach the vendor's id check, not Fastify's 414.
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 256 },
  });
  // Each further tenant: its own data, faults and counters, under its own base path.
  const tenants = new Map(
    Object.entries(SANDBOX_TENANTS).map(([name, tenant]) => [
      name as SandboxTenant,
      {
        ...tenant,
        store: new SandboxStore(0, tenantSeed),
        faults: new FaultBook(),
        stats: new StatsBook(),
      },
    ]),
  );
  const reset = () => {
    store.reset();
    faults.clear();
    stats.reset();
    for (const tenant of tenants.values()) {
      tenant.store.reset();
      tenant.faults.clear();
      tenant.stats.reset();
    }
  };
  for (const dialect of [convirzaDialect, deskDialect, crediraDialect]) {
    const basePath = BASE_PATHS[dialect.vendor];
    await app.register(vendorScope(dialect, { store, faults, stats, basePath, held }), {
      prefix: basePath,
    });
  }
  for (const tenant of tenants.values()) {
    const { basePath } = tenant;
    const dialect = deskDialectFor(tenant.username, tenant.password);
    await app.register(
      vendorScope(dialect, {
        store: tenant.store,
        faults: tenant.faults,
        stats: tenant.stats,
        basePath,
        held,
      }),
      { prefix: basePath },
    );
  }
  const addOddRecord = (vendor: SandboxVendor, record: unknown) => {
    store.oddRecords[vendor].push(structuredClone(record));
  };
  const churn = (every: number) => {
    if (!Number.isInteger(every) || every < 1) throw new Error('churn: every must be 1 or more');
    return store.churn(every);
  };
  const removeAfterLists = (vendor: SandboxVendor, id: string, lists: number) => {
    if (!Number.isInteger(lists) || lists < 0 || lists > 1_000_000)
      throw new Error('removeAfterLists: lists must be a whole number from 0 to 1000000');
    if (!store.has(vendor, id)) throw new Error(`removeAfterLists: ${vendor} has no user "${id}"`);
    store.removeAfterLists(vendor, id, lists);
  };
  await app.register(controlRoutes(faults, stats, reset, addOddRecord, churn, removeAfterLists), {
    prefix: '/_sandbox',
  });

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const { address, port } = app.server.address() as AddressInfo;
  const reachable = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;

  return {
    url,
    vendorEnv: () => sandboxVendorEnv(url),
    setFault: (vendor, settings) => {
      const problem = faultProblem(settings);
      if (problem) throw new Error(`sandbox fault for ${vendor}: ${problem}`);
      faults.set(vendor, settings);
    },
    clearFaults: () => {
      faults.clear();
      for (const tenant of tenants.values()) tenant.faults.clear();
    },
    tenant: (name) => {
      const tenant = tenants.get(name);
      if (!tenant) throw new Error(`sandbox: unknown tenant "${name}"`);
      return {
        baseUrl: `${url}${tenant.basePath}`,
        username: tenant.username,
        password: tenant.password,
        setFault: (settings) => {
          const problem = faultProblem(settings);
          if (problem) throw new Error(`sandbox fault for ${name}: ${problem}`);
          tenant.faults.set(tenant.vendor, settings);
        },
        stats: () => tenant.stats.snapshot(),
      };
    },
    addOddRecord,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    reset,
    churn,
    removeAfterLists,
    close: async () => {
      // Hijacked sockets are no longer Fastify's to close: drop them ourselves.
      for (const socket of held) socket.destroy();
      held.clear();
      await app.close();
    },
  };
}
