#!/usr/bin/env bash
# `npm run lint:api`: export the OpenAPI document from the app's module (no port
# is opened), write it to openapi.json, regenerate the typed client's schema
# from it, and lint the document with Redocly (recommended rules, every
# warning an error) and Spectral (spectral:oas, failing on warnings).
# `--check` writes nothing and fails when the committed client schema is not
# the committed document's, or when either linter finds a problem (see below
# for where the document itself is checked against the code).
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

# --check writes nothing: it checks the committed files as they are. The client
# schema is generated from the committed openapi.json into a directory of its
# own and compared; that the committed document is exactly what the code
# produces is test/openapi.e2e-spec.ts's assertion (npm test), on the test
# run's shared database, so CI does not boot the app a second time here on an
# embedded directory of its own (an initdb: most of this script's CPU).
if [ "${1:-}" = "--check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  mkdir -p "$out/clients/typescript/src"
  echo "== committed client schema matches the committed openapi.json"
  npx openapi-typescript openapi.json -o "$out/clients/typescript/src/schema.d.ts" --silent
  diff -u clients/typescript/src/schema.d.ts "$out/clients/typescript/src/schema.d.ts"
else
  echo "== build when missing or stale (the swagger CLI plugin shapes the document)"
  node scripts/ensure-build.js
  echo "== export openapi.json"
  node dist/apps/gateway/src/docs/write-openapi-json.js openapi.json
  echo "== generate clients/typescript/src/schema.d.ts"
  npx openapi-typescript openapi.json -o clients/typescript/src/schema.d.ts --silent
fi
# Lint the document by its committed path, which Redocly's ignore file names.
echo "== redocly lint (recommended-strict: the recommended rules, warnings as errors)"
npx redocly lint openapi.json --config .redocly.lint.yaml
echo "== spectral lint (spectral:oas, fails on warnings)"
npx spectral lint openapi.json --ruleset .spectral.yaml --fail-severity warn
