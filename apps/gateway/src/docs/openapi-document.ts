import { Writable } from 'node:stream';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Directory } from '@userbridge/directory';
import { sandboxVendorEnv } from '../../../vendor-sandbox/src';
import { loadGatewayConfig } from '../config/gateway-config';
import { createGatewayApp } from '../create-app';
import { IN_MEMORY_DATA_DIR } from '../directory/directory-options';
import { VENDOR_PLUGINS } from '../vendors/vendor-plugins';
import { buildOpenApiDocument } from './swagger';

/**
 * The demo's configuration: every vendor the sandbox serves, pointed at an
 * address nothing listens on, and the directory in memory. Building the app
 * calls no vendor and writes nothing to disk, so the document describes every
 * vendor without a server started anywhere.
 */
function documentEnv(): Record<string, string> {
  return {
    ...sandboxVendorEnv('http://127.0.0.1:9'),
    GATEWAY_API_KEYS: 'openapi-export-placeholder-key:read',
    LOG_LEVEL: 'silent',
    USERBRIDGE_DATA_DIR: IN_MEMORY_DATA_DIR,
  };
}

/**
 * The document `/docs-json` serves, built from the app's module without
 * listening on a port. `directory`: an open one to build the app on (the
 * caller keeps it, e.g. a test file's shared one); by default an in-memory
 * embedded directory is opened and closed.
 */
export async function exportOpenApiDocument(directory?: Directory): Promise<OpenAPIObject> {
  const config = loadGatewayConfig(documentEnv(), VENDOR_PLUGINS);
  const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const app = await createGatewayApp(config, { logDestination: quiet, directory });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Stable text for the committed file: two-space JSON and a final newline. */
export const openApiText = (document: OpenAPIObject): string =>
  `${JSON.stringify(document, null, 2)}\n`;
