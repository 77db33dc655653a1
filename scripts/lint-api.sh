#!/usr/bin/env bash
# `npm run lint:api`: export the OpenAPI document from the app's module (no port
# is opened), write it to openapi.json, regenerate the typed client's schema
# from it, and lint the document with Redocly (recommended rules, every
# warning an error) and Spectral (spectral:oas, failing on warnings).
# `--check` also fails when the committed files differ from what the code produces.
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

echo "== build when missing or stale (the swagger CLI plugin shapes the document)"
node scripts/ensure-build.js
echo "== export openapi.json"
node dist/apps/gateway/src/docs/write-openapi-json.js openapi.json
echo "== generate clients/typescript/src/schema.d.ts"
npx openapi-typescript openapi.json -o clients/typescript/src/schema.d.ts --silent
echo "== redocly lint (recommended-strict: the recommended rules, warnings as errors)"
npx redocly lint openapi.json --config .redocly.lint.yaml
echo "== spectral lint (spectral:oas, fails on warnings)"
npx spectral lint openapi.json --ruleset .spectral.yaml --fail-severity warn
if [ "${1:-}" = "--check" ]; then
  echo "== committed openapi.json and client schema match the code"
  git diff --exit-code -- openapi.json clients/typescript/src/schema.d.ts
fi
