import { faultProblem } from './faults';
import { startSandbox } from './server';
import { FaultSettings, isSandboxVendor, SandboxVendor } from './types';

/** `npm run sandbox`: the three simulated vendors on their own, for manual tries and benchmarks. */
async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 4010);
  const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('SANDBOX_PORT must be a port number');
  let faults: Partial<Record<SandboxVendor, FaultSettings>> = {};
  if (process.env.SANDBOX_FAULTS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(process.env.SANDBOX_FAULTS);
    } catch {
      throw new Error('SANDBOX_FAULTS must be JSON such as {"desk":{"latencyMs":100}}');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('SANDBOX_FAULTS must be a JSON object by vendor');
    for (const [vendor, settings] of Object.entries(parsed)) {
      if (!isSandboxVendor(vendor)) throw new Error(`SANDBOX_FAULTS: unknown vendor "${vendor}"`);
      const problem = faultProblem(settings);
      if (problem) throw new Error(`SANDBOX_FAULTS.${vendor}: ${problem}`);
    }
    faults = parsed as Partial<Record<SandboxVendor, FaultSettings>>;
  }

  const usersPerVendor = Number(process.env.SANDBOX_USERS_PER_VENDOR ?? 0);
  if (!Number.isInteger(usersPerVendor) || usersPerVendor < 0 || usersPerVendor > 1_000_000)
    throw new Error('SANDBOX_USERS_PER_VENDOR must be a whole number from 0 to 1000000');
  const sandbox = await startSandbox({ host, port, faults, usersPerVendor });
  const env = Object.entries(sandbox.vendorEnv()).map(([name, value]) => `  ${name}=${value}`);
  const eu = sandbox.tenant('desk-eu');
  process.stdout.write(
    `userbridge vendor sandbox listening on ${sandbox.url}\n  control API: ${sandbox.url}/_sandbox/faults\nPoint the gateway at it with (development credentials, not secrets):\n${env.join('\n')}\n` +
      `A second desk tenant (desk-eu) is served at ${eu.baseUrl} (Basic ${eu.username} / ${eu.password}):\n` +
      `  USERBRIDGE_CONFIG=examples/userbridge.yaml npm start   shows both desk tenants\n`,
  );
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
