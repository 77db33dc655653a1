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
import { DESK_ROLE_IDS } from './desk.config';
import { DeskRolePair } from './desk.roles';

export interface DeskConnection {
  baseUrl: string;
  username: string;
  password: string;
  /** DESK_ROLE_IDS: role name -> id pairs of this tenant; empty when unset. */
  roleIds?: readonly DeskRolePair[];
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
        { provide: DESK_ROLE_IDS, useValue: connection.roleIds ?? [] },
        DeskAdapter,
      ],
      exports: [DeskAdapter],
    };
  }
}
