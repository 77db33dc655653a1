import { HttpModule } from '@nestjs/axios';
import { DynamicModule, Module } from '@nestjs/common';
import {
  keepAliveAxiosConfig,
  provideVendorHttpClient,
  VendorCommonOptions,
} from '@userbridge/vendor-core';
import { DeskAdapter } from './desk.adapter';
import { DESK_HTTP } from './desk.http';
import { VENDOR } from './desk.mapper';

export interface DeskConnection {
  baseUrl: string;
  username: string;
  password: string;
}

@Module({})
export class DeskModule {
  static register(connection: DeskConnection, common: VendorCommonOptions): DynamicModule {
    const basic = Buffer.from(`${connection.username}:${connection.password}`, 'utf8').toString(
      'base64',
    );
    return {
      module: DeskModule,
      imports: [HttpModule.register(keepAliveAxiosConfig())],
      providers: [
        provideVendorHttpClient(DESK_HTTP, common, {
          vendor: VENDOR,
          baseUrl: connection.baseUrl,
          headers: { Authorization: `Basic ${basic}` },
        }),
        DeskAdapter,
      ],
      exports: [DeskAdapter],
    };
  }
}
