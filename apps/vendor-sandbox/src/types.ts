export const SANDBOX_VENDORS = ['convirza', 'desk', 'credira'] as const;
export type SandboxVendor = (typeof SANDBOX_VENDORS)[number];

export const isSandboxVendor = (name: string): name is SandboxVendor =>
  (SANDBOX_VENDORS as readonly string[]).includes(name);

export const FAULT_MODES = [
  'none',
  '401',
  '403',
  '429',
  '500',
  'malformed',
  'hang',
  'wrong_shape',
  'close',
  'html_500',
  'huge',
  'empty_list',
  'first_page',
  'truncated',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSettings {
  /** Delay added to every answer, after the request was handled (a write still lands). */
  latencyMs?: number;
  /** Share of requests (0..1) answered 500, deterministically spread. */
  errorRate?: number;
  mode?: FaultMode;
  /** Retry-After of a `429` mode, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Size of the 200 answer a `huge` mode streams (default 200 MiB). */
  bodyBytes?: number;
  /** Apply `mode` to the next N requests only, then go back to `none`. */
  times?: number;
  /** Let this many requests pass before `mode` applies (`after: 36` fails the 37th page on). */
  after?: number;
  /** Apply the fault to requests of this HTTP method only (a write after its read). */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
}

export interface SandboxOptions {
  host?: string;
  port?: number;
  faults?: Partial<Record<SandboxVendor, FaultSettings>>;
  /** Deterministic bulk users appended to each vendor's seed (see seed/bulk.ts); default 0. */
  usersPerVendor?: number;
}

/** Requests received per vendor (all three always present), keyed `"GET /users/:id"`. */
export interface SandboxStats {
  [vendor: string]: { total: number; requests: Record<string, number> };
}

export interface RunningSandbox {
  url: string;
  vendorEnv(): Record<string, string>;
  setFault(vendor: SandboxVendor, settings: FaultSettings): void;
  clearFaults(): void;
  /** A further tenant (SANDBOX_TENANTS): where it is served, its credentials, its own faults and counters. */
  tenant(name: 'desk-eu'): SandboxTenantHandle;
  /** A raw record the vendor's list answers from now on, until reset (an odd id or shape). */
  addOddRecord(vendor: SandboxVendor, record: unknown): void;
  stats(): SandboxStats;
  resetStats(): void;
  reset(): void;
  /** Renames every `every`-th user of each vendor; answers how many changed per vendor. */
  churn(every: number): Record<SandboxVendor, number>;
  /**
   * Removes a user outright once the vendor's list has answered `lists` more
   * times (between two page reads of a sync). Throws when the vendor has no such user.
   */
  removeAfterLists(vendor: SandboxVendor, id: string, lists: number): void;
  close(): Promise<void>;
}

export interface SandboxTenantHandle {
  baseUrl: string;
  username: string;
  password: string;
  setFault(settings: FaultSettings): void;
  stats(): SandboxStats;
}

export interface SeedScenario {
  key: string;
  description: string;
  accounts: { vendor: SandboxVendor; vendorId: string }[];
}
