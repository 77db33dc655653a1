import { Writable } from 'node:stream';
import type { OpenAPIObject } from '@nestjs/swagger';
import { sandboxVendorEnv } from '../../../vendor-sandbox/src';
import { loadGatewayConfig } from '../config/gateway-config';
import { createGatewayApp } from '../create-app';
import { VENDOR_PLUGINS } from '../vendors/vendor-plugins';
import { buildOpenApiDocument } from './swagger';

/**
 * The demo's configuration: every vendor the sandbox serves, pointed at an
 * address nothing listens on. Building the app calls no vendor, so the
 * document describes every vendor without a server started anywhere.
 */
function documentEnv(): Record<string, string> {
  return {
    ...sandboxVendorEnv('http://127.0.0.1:9'),
    GATEWAY_API_KEYS: 'openapi-export-placeholder-key:read',
    LOG_LEVEL: 'silent',
  };
}

/** The document `/docs-json` serves, built from the app's module without listening on a port. */
export async function exportOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadGatewayConfig(documentEnv(), VENDOR_PLUGINS);
  const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const app = await createGatewayApp(config, { logDestination: quiet });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Stable text for the committed file: two-space JSON and a final newline. */
export const openApiText = (document: OpenAPIObject): string =>
  `${JSON.stringify(document, null, 2)}\n`;
