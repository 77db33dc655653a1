#!/usr/bin/env bash
# `npm test` is the whole set-up: the suites need a real PostgreSQL server (the
# store runs on it as well as on embedded PGlite) and Chromium (Swagger UI is
# driven in a real browser). Install Debian's packages when they are missing;
# never skip a suite quietly. Chromium's headless shell (the engine Playwright
# itself runs headless) rather than the desktop browser: the desktop package
# pulls in about 300 more packages (GTK, X, fonts; 190 MB to download, 750 MB
# unpacked) that a headless test never loads.
set -euo pipefail

missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null || missing+=(postgresql)
command -v chromium-headless-shell > /dev/null || missing+=(chromium-headless-shell)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "userbridge tests: installing ${missing[*]} (Debian packages)" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "userbridge tests need ${missing[*]}: run as root, or install them with apt-get" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
