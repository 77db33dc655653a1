#!/usr/bin/env bash
# `npm run lint:api`: export the OpenAPI document from the app's module (no port
# is opened), write it to openapi.json, regenerate the typed client's schema
# from it, and lint the document with Redocly (recommended rules, every
# warning an error) and Spectral (spectral:oas, failing on warnings).
# `--check` writes nothing and fails when the committed files differ from what
# the code produces.
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

echo "== build when missing or stale (the swagger CLI plugin shapes the document)"
node scripts/ensure-build.js
# --check leaves the working tree alone: the document and the schema are made
# in a directory of their own and compared with the committed files, so the
# client's build can read the committed schema at the same time (.ci/run).
if [ "${1:-}" = "--check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
else
  out=.
fi
mkdir -p "$out/clients/typescript/src"
echo "== export openapi.json"
node dist/apps/gateway/src/docs/write-openapi-json.js "$out/openapi.json"
echo "== generate clients/typescript/src/schema.d.ts"
npx openapi-typescript "$out/openapi.json" -o "$out/clients/typescript/src/schema.d.ts" --silent
if [ "$out" != . ]; then
  echo "== committed openapi.json and client schema match the code"
  diff -u openapi.json "$out/openapi.json"
  diff -u clients/typescript/src/schema.d.ts "$out/clients/typescript/src/schema.d.ts"
fi
# The committed document is the code's (above): lint it by its own path, which
# Redocly's ignore file names.
echo "== redocly lint (recommended-strict: the recommended rules, warnings as errors)"
npx redocly lint openapi.json --config .redocly.lint.yaml
echo "== spectral lint (spectral:oas, fails on warnings)"
npx spectral lint openapi.json --ruleset .spectral.yaml --fail-severity warn
