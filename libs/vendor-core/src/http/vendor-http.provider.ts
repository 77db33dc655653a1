import { HttpService } from '@nestjs/axios';
import { FactoryProvider } from '@nestjs/common';
import { VendorCommonOptions } from '../port/vendor-plugin';
import { VendorHttpClient } from './vendor-http.client';

/**
 * The provider every vendor module uses for its client, so each one gets the
 * application's timeout, resilience settings and observer the same way.
 */
export function provideVendorHttpClient(
  token: symbol,
  common: VendorCommonOptions,
  connection: { vendor: string; baseUrl: string; headers: Record<string, string> },
): FactoryProvider<VendorHttpClient> {
  return {
    provide: token,
    useFactory: (http: HttpService) =>
      new VendorHttpClient(http, {
        ...connection,
        timeoutMs: common.timeoutMs,
        resilience: common.resilience,
        observer: common.observer,
        heldCredentials: common.heldCredentials,
      }),
    inject: [HttpService],
  };
}
