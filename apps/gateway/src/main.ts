import { startSandbox, RunningSandbox } from '../../vendor-sandbox/src';
import { ConfigurationError, loadGatewayConfig, noVendorConfigured } from './config/gateway-config';
import { createGatewayApp } from './create-app';
import { SyncScheduler } from './directory/sync.scheduler';
import { printBanner } from './startup/banner';
import { listenFailure } from './startup/listen-failure';
import { VENDOR_PLUGINS } from './vendors/vendor-plugins';

/** The documented development key of the one-command demo (admin scope: every endpoint; loopback only). */
export const DEMO_API_KEY = 'userbridge-demo-key';
/** The demo's documented key for its SCIM endpoints (scim scope only; loopback only). */
export const DEMO_SCIM_KEY = 'userbridge-demo-scim-key';
/** The demo's keys, labelled so its log lines name which one called. */
export const DEMO_API_KEYS = `demo=${DEMO_API_KEY}:admin,demo-scim=${DEMO_SCIM_KEY}:scim`;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];
/**
 * The demo's SCIM defaults (`options.scim` of a file connection): an org unit
 * and a company the sandbox has, so an IdP can create users at once.
 */
export const DEMO_SCIM_OPTIONS = {
  convirza: { defaultOrgUnitId: 1001 },
  credira: { defaultCompany: 'Acme Corporation' },
};

async function main(): Promise<void> {
  let env: Record<string, string | undefined> = process.env;
  let sandbox: RunningSandbox | undefined;
  if (noVendorConfigured(env, VENDOR_PLUGINS)) {
    // No vendor configured: run the vendor sandbox in this process and point every
    // adapter at it, so one command gives a working demo. Loopback only.
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
    // The demo serves a published key: it listens on loopback whatever HOST says.
    const asked = env.HOST?.trim();
    if (asked && !LOOPBACK_HOSTS.includes(asked)) {
      process.stderr.write(
        `userbridge: HOST=${asked} ignored: the demo (no vendor configured) listens on 127.0.0.1 only\n`,
      );
    }
    env = {
      GATEWAY_API_KEYS: DEMO_API_KEYS,
      ...env,
      HOST: '127.0.0.1',
      ...sandbox.vendorEnv(),
    };
  }

  let config;
  try {
    config = loadGatewayConfig(env, VENDOR_PLUGINS);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`userbridge: ${error.message}\nSee README.md, "Configuration".\n`);
    await sandbox?.close();
    process.exit(1);
  }

  // The demo's connections come from variables (no options): give them working SCIM defaults.
  if (sandbox) config = { ...config, scim: { ...config.scim, connections: DEMO_SCIM_OPTIONS } };
  const app = await createGatewayApp(config);
  if (sandbox) {
    const running = sandbox;
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', async () => running.close());
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const line = listenFailure(error, config.host, config.port);
    if (line === null) throw error;
    process.stderr.write(`${line}\n`);
    await app.close();
    process.exit(1);
  }

  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const lines = [
    `userbridge gateway listening on ${base}`,
    `  Swagger UI:  ${base}/docs`,
    `  connections: ${config.connections.map((c) => (c.name === c.plugin.name ? c.name : `${c.name} (${c.plugin.name})`)).join(', ')}`,
  ];
  if (sandbox) {
    lines.push(
      `  mode:        embedded vendor sandbox at ${sandbox.url} (no vendor variables were set)`,
    );
    if (env.GATEWAY_API_KEYS === DEMO_API_KEYS)
      // The SCIM key comes last so the lines the README shows stay as they are.
      lines.push(
        `  demo key:    ${DEMO_API_KEY}`,
        `  try:         curl -H 'Authorization: Bearer ${DEMO_API_KEY}' '${base}/v1/users?limit=5'`,
        `  SCIM key:    ${DEMO_SCIM_KEY} (the SCIM endpoints only)`,
      );
    else lines.push('  keys:        from GATEWAY_API_KEYS');
  }
  await printBanner(process.stdout, lines, app.get(SyncScheduler).bootSynced());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `userbridge failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
