import { HttpModule } from '@nestjs/axios';
import { DynamicModule, Module } from '@nestjs/common';
import {
  keepAliveAxiosConfig,
  provideVendorHttpClient,
  VendorCommonOptions,
} from '@userbridge/vendor-core';
import { CrediraAdapter } from './credira.adapter';
import { VENDOR } from './credira.envelope';
import { CREDIRA_HTTP } from './credira.http';

export interface CrediraConnection {
  baseUrl: string;
  apiKey: string;
}

@Module({})
export class CrediraModule {
  static register(connection: CrediraConnection, common: VendorCommonOptions): DynamicModule {
    return {
      module: CrediraModule,
      imports: [HttpModule.register(keepAliveAxiosConfig())],
      providers: [
        provideVendorHttpClient(CREDIRA_HTTP, common, {
          vendor: VENDOR,
          baseUrl: connection.baseUrl,
          headers: { Authorization: `Bearer ${connection.apiKey}` },
        }),
        CrediraAdapter,
      ],
      exports: [CrediraAdapter],
    };
  }
}
