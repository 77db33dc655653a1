import { Writable } from 'node:stream';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadGatewayConfig } from '../config/gateway-config';
import { createGatewayApp } from '../create-app';
import { VENDOR_PLUGINS } from '../vendors/vendor-plugins';
import { buildOpenApiDocument } from './swagger';

/**
 * Every vendor configured with placeholder values: building the app calls no
 * vendor, and the document then describes every vendor the gateway can serve.
 */
function placeholderEnv(): Record<string, string> {
  const env: Record<string, string> = {
    GATEWAY_API_KEYS: 'openapi-export-placeholder-key:read',
    LOG_LEVEL: 'silent',
  };
  for (const plugin of VENDOR_PLUGINS) {
    for (const name of plugin.envVars) {
      env[name] = name.endsWith('_URL')
        ? `https://${plugin.name}.invalid/api`
        : 'openapi-export-placeholder';
    }
  }
  return env;
}

/** The document `/docs-json` serves, built from the app's module without listening on a port. */
export async function exportOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadGatewayConfig(placeholderEnv(), VENDOR_PLUGINS);
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
