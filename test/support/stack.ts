import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Directory } from '@userbridge/directory';
import { EngineHandle, EngineName, closeEngine, openEngine } from '@userbridge/directory/testing';
import { RunningSandbox, startSandbox } from '../../apps/vendor-sandbox/src';
import { ApiKeyEntry } from '../../apps/gateway/src/config/api-keys';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway-config';
import { createGatewayApp } from '../../apps/gateway/src/create-app';
import type { WebhookResolver } from '../../apps/gateway/src/webhooks/ssrf-guard';
import { VENDOR_PLUGINS } from '../../apps/gateway/src/vendors/vendor-plugins';

export const READ_KEY = 'test-read-key-0123456789';
export const WRITE_KEY = 'test-write-key-0123456789';
/** Deletes need the admin scope. */
export const ADMIN_KEY = 'test-admin-key-0123456789';
/** A SCIM key: valid, but not for the REST API. */
export const SCIM_KEY = 'test-scim-key-0123456789';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface Stack {
  sandbox: RunningSandbox;
  app: NestFastifyApplication;
  url: string;
  /** Every JSON log line the gateway wrote so far. */
  logs: string[];
  /** The shared in-memory directory the gateway uses (absent with a DATABASE_URL). */
  directory?: Directory;
  /** A real HTTP call to the gateway over loopback. */
  call<T = any>(
    method: string,
    path: string,
    options?: {
      key?: string | null;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    },
  ): Promise<Answer<T>>;
  close(): Promise<void>;
}

let shared: { store: EngineName; handle: Promise<EngineHandle> } | undefined;

/**
 * One directory per test file, shared by its stacks. By default it is a
 * database of its own on the run's shared PostgreSQL server (copied from the
 * migrated template in tens of milliseconds): the production engine, with
 * concurrent transactions, at a fraction of the embedded engine's CPU
 * (WebAssembly, and a 40 MB data directory unpacked per file). A file that
 * means the embedded engine asks for it (`store: 'pglite'`).
 */
async function sharedDirectory(store: EngineName): Promise<Directory> {
  shared ??= { store, handle: openEngine(store) };
  if (shared.store !== store)
    throw new Error(`this file's stacks share a ${shared.store} directory: ${store} asked for`);
  return (await shared.handle).directory;
}
afterAll(async () => {
  if (shared) await closeEngine(await shared.handle);
  shared = undefined;
});

export interface StackOptions {
  /** Variables added last; a function is given the sandbox (its URL, its tenants). */
  env?: Record<string, string> | ((sandbox: RunningSandbox) => Record<string, string>);
  /** false: no vendor variables (connections come from a configuration file only). */
  vendorEnv?: boolean;
  /**
   * The directory's database: a PostgreSQL server's URL (the gateway opens and
   * closes it), or (default) the test file's shared directory (see `store`).
   */
  databaseUrl?: string;
  /**
   * The shared directory's engine when no databaseUrl is given (default: the
   * shared PostgreSQL server; see sharedDirectory). Every stack of a file
   * shares one directory, so they must agree.
   */
  store?: EngineName;
  /** Bulk users appended to each sandbox vendor (see the sandbox's size knob). */
  usersPerVendor?: number;
  /** Keys beside GATEWAY_API_KEYS's, as the config file's loader makes them (makeKeyEntry). */
  apiKeys?: ApiKeyEntry[];
  /** How the gateway resolves webhook target hosts (default: the system's DNS). */
  webhookResolver?: WebhookResolver;
}

/**
 * Boots the vendor sandbox and the gateway exactly as production does (same
 * config loader, same app factory), each on an ephemeral loopback port.
 * Scheduled syncs are off (SYNC_INTERVAL_SECONDS=0) unless a test turns them
 * on, so vendor traffic is only what the test causes.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    usersPerVendor: options.usersPerVendor,
  });
  const env = {
    ...(options.vendorEnv === false ? {} : sandbox.vendorEnv()),
    GATEWAY_API_KEYS: `${READ_KEY}:read,${WRITE_KEY}:write,ops=${ADMIN_KEY}:admin,idp=${SCIM_KEY}:scim`,
    VENDOR_TIMEOUT_MS: '800',
    SYNC_INTERVAL_SECONDS: '0',
    ...(options.databaseUrl
      ? { DATABASE_URL: options.databaseUrl }
      : { USERBRIDGE_DATA_DIR: 'memory://' }),
    ...(typeof options.env === 'function' ? options.env(sandbox) : options.env),
  };
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line.length > 0),
      );
      callback();
    },
  });
  let app: NestFastifyApplication;
  let directory: Directory | undefined;
  try {
    // A stack that cannot start must not leave its sandbox listening.
    const loaded = loadGatewayConfig(env, VENDOR_PLUGINS);
    const config = { ...loaded, apiKeys: [...loaded.apiKeys, ...(options.apiKeys ?? [])] };
    directory = options.databaseUrl
      ? undefined
      : await sharedDirectory(options.store ?? 'postgres');
    app = await createGatewayApp(config, {
      logDestination,
      directory,
      webhookResolver: options.webhookResolver,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const call: Stack['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? READ_KEY : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (CSV, HTML): the text is the body
    }
    return { status: response.status, headers: response.headers, body: parsed as any, text };
  };

  return {
    sandbox,
    app,
    url,
    logs,
    directory,
    call,
    close: async () => {
      await app.close();
      await sandbox.close();
    },
  };
}

/** Asserts the documented error shape and returns the error object. */
export function expectError(
  answer: Answer,
  status: number,
  code: string,
): { code: string; message: string; vendor?: string; details?: any; requestId: string } {
  expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code });
  expect(typeof answer.body.error.message).toBe('string');
  expect(answer.body.error.requestId).toBe(answer.headers.get('x-request-id'));
  return answer.body.error;
}
