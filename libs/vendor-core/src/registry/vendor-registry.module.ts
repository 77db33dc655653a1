import { DynamicModule, Module } from '@nestjs/common';
import { VENDOR_ADAPTERS, VendorAdapter, VendorCommonOptions, VendorPlugin } from '../port';
import { VendorRegistry } from './vendor.registry';

export interface ConfiguredVendor {
  plugin: VendorPlugin;
  connection: unknown;
}

/**
 * Imports one module per configured vendor and gathers their adapters under
 * VENDOR_ADAPTERS. Unconfigured vendors are never instantiated.
 */
@Module({})
export class VendorRegistryModule {
  static forRoot(vendors: readonly ConfiguredVendor[], common: VendorCommonOptions): DynamicModule {
    return {
      module: VendorRegistryModule,
      global: true,
      imports: vendors.map(({ plugin, connection }) => plugin.module(connection, common)),
      providers: [
        {
          provide: VENDOR_ADAPTERS,
          useFactory: (...adapters: VendorAdapter[]) => adapters,
          inject: vendors.map(({ plugin }) => plugin.adapter),
        },
        VendorRegistry,
      ],
      exports: [VendorRegistry],
    };
  }
}
