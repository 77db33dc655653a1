import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportOpenApiDocument, openApiText } from './openapi-document';

// `npm run lint:api` entry: writes the OpenAPI document to the path given (default openapi.json).
async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? 'openapi.json');
  writeFileSync(target, openApiText(await exportOpenApiDocument()));
  process.stdout.write(`OpenAPI document written to ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `OpenAPI export failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
