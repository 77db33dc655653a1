import { HttpService } from '@nestjs/axios';
import { DynamicModule, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import axios from 'axios';
import { keepAliveAxiosConfig } from '../http/keep-alive';
import { VendorHttpClient } from '../http/vendor-http.client';
import { VENDOR_ADAPTERS, VendorAdapter, VendorCommonOptions, VendorPlugin } from '../port';
import { VendorRegistry } from './vendor.registry';

/** One connection: one account at one vendor, under a name of its own. */
export interface ConfiguredConnection {
  /** `[a-z][a-z0-9-]{0,31}`: the global-id prefix. */
  name: string;
  plugin: VendorPlugin;
  /** What the plugin read (from the environment or the file): base URL, credentials, vendor options. */
  settings: unknown;
  /** The connection's own `options.timeoutMs`; the application's when absent. */
  timeoutMs?: number;
}

/** The HTTP clients made for the adapters, so their breakers stop with the application. */
@Injectable()
class VendorClients implements OnModuleDestroy {
  readonly made: VendorHttpClient[] = [];

  onModuleDestroy(): void {
    for (const client of this.made) client.onModuleDestroy();
  }
}

/** Builds one connection's adapter, with an HTTP client (breaker, keep-alive pool) of its own. */
export function buildAdapter(
  connection: ConfiguredConnection,
  common: VendorCommonOptions,
  made: VendorHttpClient[] = [],
): VendorAdapter {
  const { name, plugin, settings } = connection;
  return plugin.createAdapter(
    {
      connection: name,
      http: ({ baseUrl, headers }) => {
        const client = new VendorHttpClient(new HttpService(axios.create(keepAliveAxiosConfig())), {
          vendor: plugin.name,
          connection: name,
          baseUrl,
          headers,
          timeoutMs: connection.timeoutMs ?? common.timeoutMs,
          resilience: common.resilience,
          observer: common.observer,
          heldCredentials: common.heldCredentials,
        });
        made.push(client);
        return client;
      },
    },
    settings,
  );
}

/**
 * Builds one adapter per configured connection and gathers them under
 * VENDOR_ADAPTERS. Unconfigured vendors are never instantiated.
 */
@Module({})
export class VendorRegistryModule {
  static forRoot(
    connections: readonly ConfiguredConnection[],
    common: VendorCommonOptions,
  ): DynamicModule {
    return {
      module: VendorRegistryModule,
      global: true,
      providers: [
        VendorClients,
        {
          provide: VENDOR_ADAPTERS,
          useFactory: (clients: VendorClients) =>
            connections.map((connection) => buildAdapter(connection, common, clients.made)),
          inject: [VendorClients],
        },
        VendorRegistry,
      ],
      exports: [VendorRegistry],
    };
  }
}
