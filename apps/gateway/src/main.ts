import { startSandbox, RunningSandbox } from '../../vendor-sandbox/src';
import { ConfigurationError, loadGatewayConfig, noVendorConfigured } from './config/gateway-config';
import { createGatewayApp } from './create-app';
import { listenFailure } from './startup/listen-failure';
import { VENDOR_PLUGINS } from './vendors/vendor-plugins';

/** The documented development key of the one-command demo (write scope, loopback only). */
export const DEMO_API_KEY = 'userbridge-demo-key';
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

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
      GATEWAY_API_KEYS: `${DEMO_API_KEY}:write`,
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
      `  demo key:    ${env.GATEWAY_API_KEYS === `${DEMO_API_KEY}:write` ? DEMO_API_KEY : '(from GATEWAY_API_KEYS)'}`,
      `  try:         curl -H 'Authorization: Bearer ${DEMO_API_KEY}' '${base}/v1/users?limit=5'`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `userbridge failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
