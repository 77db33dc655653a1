import { FAULT_MODES, FaultMode, FaultSettings, SANDBOX_VENDORS, SandboxVendor } from './types';

export type FaultAction =
  | { kind: 'pass' }
  | {
      kind: 'fail';
      mode: Exclude<FaultMode, 'none'>;
      retryAfterSeconds: number;
      bodyBytes: number;
    };

const DEFAULT_HUGE_BYTES = 200 * 1024 * 1024;

interface VendorFaults {
  settings: FaultSettings;
  /** Requests seen since the settings were made, for the deterministic error rate. */
  seen: number;
  /** How many more requests `mode` applies to; null = all. */
  left: number | null;
}

/** Checks settings coming from tests, the control API or SANDBOX_FAULTS. Returns a problem or null. */
export function faultProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'fault settings must be an object';
  const known = [
    'latencyMs',
    'errorRate',
    'mode',
    'retryAfterSeconds',
    'times',
    'method',
    'bodyBytes',
    'after',
  ];
  const settings = value as Record<string, unknown>;
  const unknown = Object.keys(settings).filter((k) => !known.includes(k));
  if (unknown.length > 0) return `unknown fault settings: ${unknown.join(', ')}`;
  const whole = (v: unknown, max: number) =>
    v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max);
  if (!whole(settings.latencyMs, 600_000))
    return 'latencyMs must be a whole number of ms from 0 to 600000';
  if (!whole(settings.retryAfterSeconds, 86_400))
    return 'retryAfterSeconds must be a whole number from 0 to 86400';
  if (!whole(settings.times, 1_000_000)) return 'times must be a whole number';
  if (!whole(settings.after, 1_000_000)) return 'after must be a whole number of requests';
  if (!whole(settings.bodyBytes, 4 * 1024 ** 3))
    return 'bodyBytes must be a whole number of bytes up to 4 GiB';
  const rate = settings.errorRate;
  if (rate !== undefined && (typeof rate !== 'number' || rate < 0 || rate > 1))
    return 'errorRate must be a number from 0 to 1';
  if (
    settings.method !== undefined &&
    !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(settings.method as string)
  )
    return 'method must be one of GET, POST, PUT, PATCH, DELETE';
  if (settings.mode !== undefined && !FAULT_MODES.includes(settings.mode as FaultMode))
    return `mode must be one of ${FAULT_MODES.join(', ')}`;
  return null;
}

/** Fault settings per vendor, and the decision for each request. */
export class FaultBook {
  private readonly faults = new Map<SandboxVendor, VendorFaults>();

  set(vendor: SandboxVendor, settings: FaultSettings): void {
    this.faults.set(vendor, { settings: { ...settings }, seen: 0, left: settings.times ?? null });
  }

  clear(vendor?: SandboxVendor): void {
    if (vendor) this.faults.delete(vendor);
    else this.faults.clear();
  }

  all(): Record<SandboxVendor, FaultSettings> {
    return Object.fromEntries(SANDBOX_VENDORS.map((v) => [v, this.current(v)])) as Record<
      SandboxVendor,
      FaultSettings
    >;
  }

  latencyOf(vendor: SandboxVendor): number {
    return this.faults.get(vendor)?.settings.latencyMs ?? 0;
  }

  decide(vendor: SandboxVendor, method?: string, listRequest = false): FaultAction {
    const state = this.faults.get(vendor);
    if (!state) return { kind: 'pass' };
    // A fault aimed at one method lets every other request through, uncounted.
    if (state.settings.method !== undefined && state.settings.method !== method)
      return { kind: 'pass' };
    // An empty list is a list's answer: every other request passes, uncounted.
    const listOnly =
      state.settings.mode === 'empty_list' ||
      state.settings.mode === 'first_page' ||
      state.settings.mode === 'truncated';
    if (listOnly && !listRequest) return { kind: 'pass' };
    state.seen += 1;
    const {
      mode = 'none',
      errorRate = 0,
      retryAfterSeconds = 1,
      bodyBytes = DEFAULT_HUGE_BYTES,
      after = 0,
    } = state.settings;
    if (mode !== 'none' && state.seen > after && (state.left === null || state.left > 0)) {
      if (state.left !== null) state.left -= 1;
      return { kind: 'fail', mode, retryAfterSeconds, bodyBytes };
    }
    // Request n fails when it crosses the next multiple of 1/rate: exact, repeatable shares.
    if (
      errorRate > 0 &&
      Math.floor(state.seen * errorRate) > Math.floor((state.seen - 1) * errorRate)
    ) {
      return { kind: 'fail', mode: '500', retryAfterSeconds, bodyBytes };
    }
    return { kind: 'pass' };
  }

  private current(vendor: SandboxVendor): FaultSettings {
    const state = this.faults.get(vendor);
    if (!state) return { mode: 'none' };
    const mode = state.left === 0 ? 'none' : (state.settings.mode ?? 'none');
    return { ...state.settings, mode, ...(state.left !== null ? { times: state.left } : {}) };
  }
}
