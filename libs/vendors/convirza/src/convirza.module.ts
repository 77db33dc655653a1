import { HttpModule } from '@nestjs/axios';
import { DynamicModule, Module } from '@nestjs/common';
import {
  keepAliveAxiosConfig,
  provideVendorHttpClient,
  VendorCommonOptions,
} from '@userbridge/vendor-core';
import { ConvirzaAdapter } from './convirza.adapter';
import { VENDOR } from './convirza.envelope';
import { CONVIRZA_HTTP } from './convirza.http';

export interface ConvirzaConnection {
  baseUrl: string;
  token: string;
}

@Module({})
export class ConvirzaModule {
  static register(connection: ConvirzaConnection, common: VendorCommonOptions): DynamicModule {
    return {
      module: ConvirzaModule,
      imports: [HttpModule.register(keepAliveAxiosConfig())],
      providers: [
        provideVendorHttpClient(CONVIRZA_HTTP, common, {
          vendor: VENDOR,
          baseUrl: connection.baseUrl,
          headers: { Authorization: `Bearer ${connection.token}` },
        }),
        ConvirzaAdapter,
      ],
      exports: [ConvirzaAdapter],
    };
  }
}
