import { DynamicModule, Type } from '@nestjs/common';
import { ResilienceOptions } from '../http/resilience/resilience-options';
import { VendorCallObserver } from '../http/vendor-call.observer';
import { VendorAdapter } from './vendor-adapter.port';

/** Settings every vendor module gets from the application, passed on to its VendorHttpClient. */
export interface VendorCommonOptions {
  timeoutMs: number;
  resilience?: ResilienceOptions;
  observer?: VendorCallObserver;
}

/**
 * How a vendor lib plugs into an application: it reads its own environment
 * variables (the vendor knows their names and rules), and builds a Nest module
 * that exports `adapter`. A vendor whose variables are all absent is simply not
 * configured (readConnection returns null); a half-configured one is an error.
 */
export interface VendorPlugin<Connection = unknown> {
  readonly name: string;
  /** Environment variable names, for error messages and docs. */
  readonly envVars: readonly string[];
  /** @throws VendorConfigError with a message naming the variable */
  readConnection(env: Readonly<Record<string, string | undefined>>): Connection | null;
  module(connection: Connection, common: VendorCommonOptions): DynamicModule;
  readonly adapter: Type<VendorAdapter>;
}

export class VendorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VendorConfigError';
  }
}
