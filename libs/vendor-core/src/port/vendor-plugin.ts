import type { CredentialScrubber } from '../credential-scrubber';
import { ResilienceOptions } from '../http/resilience/resilience-options';
import { VendorCallObserver } from '../http/vendor-call.observer';
import { VendorHttpClient } from '../http/vendor-http.client';
import { VendorAdapter } from './vendor-adapter.port';

/** Settings every connection gets from the application, passed on to its VendorHttpClient. */
export interface VendorCommonOptions {
  timeoutMs: number;
  resilience?: ResilienceOptions;
  observer?: VendorCallObserver;
  /**
   * Every credential the application holds, of every connection: blanked out
   * of any vendor's error text (a vendor can echo another's) by the one
   * scrubber each HTTP client keeps (see VendorHttpConfig.heldCredentials).
   */
  heldCredentials?: CredentialScrubber;
}

/** What a connection of the configuration file gives its vendor, secrets already resolved. */
export interface ConnectionFileInput {
  baseUrl: string;
  /** The `credentials` map, each value a resolved secret. */
  credentials: Readonly<Record<string, string>>;
  /** The connection's `options` other than the ones every connection takes (`timeoutMs`). */
  options: Readonly<Record<string, unknown>>;
}

/**
 * What a plugin is handed to build one connection's adapter: the connection's
 * name (the prefix of its global ids) and a maker of its HTTP client. Each call
 * of `http` makes a client of its own (its own breaker and keep-alive pool),
 * closed by the application at shutdown.
 */
export interface AdapterContext {
  readonly connection: string;
  http(config: { baseUrl: string; headers: Record<string, string> }): VendorHttpClient;
}

/**
 * How a vendor lib plugs into an application. It reads its own environment
 * variables (the vendor knows their names and rules) and the credentials and
 * options of a connection from the configuration file, and builds one adapter
 * per connection. A vendor whose variables are all absent has no connection
 * from the environment (readConnection returns null); a half-configured one is
 * an error.
 */
export interface VendorPlugin<Settings = unknown> {
  /** The vendor kind: the `vendor` of a connection in the file, of every user and of `?vendor=`. */
  readonly name: string;
  /** Environment variable names, for error messages and docs. */
  readonly envVars: readonly string[];
  /** The names the file's `credentials` must give (all of them, each a secret). */
  readonly credentialNames: readonly string[];
  /** The vendor's own option names in the file (besides `timeoutMs`). */
  readonly optionNames: readonly string[];
  /** @throws VendorConfigError with a message naming the variable */
  readConnection(env: Readonly<Record<string, string | undefined>>): Settings | null;
  /** @throws VendorConfigError whose `path` is relative to the connection (`options.roleIds`) */
  connectionFromFile(input: ConnectionFileInput): Settings;
  createAdapter(context: AdapterContext, settings: Settings): VendorAdapter;
}

export class VendorConfigError extends Error {
  /** `path`: where in a configuration file's connection the problem is, when it comes from one. */
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'VendorConfigError';
  }
}
