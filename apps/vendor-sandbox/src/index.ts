export { startSandbox } from './server';
export { SANDBOX_CREDENTIALS, sandboxVendorEnv } from './credentials';
export { SEED_SCENARIOS } from './seed/scenarios';
export type {
  FaultSettings,
  RunningSandbox,
  SandboxOptions,
  SandboxStats,
  SandboxVendor,
  SeedScenario,
} from './types';
