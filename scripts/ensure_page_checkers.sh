#!/usr/bin/env bash
# Make sure the page checkers are there: the Nu Html Checker (npm's vnu-jar,
# run on Java) for the HTML validity test, and Lighthouse (run by Node on
# Debian's Chromium) for `make lighthouse`. Both come from the
# npm registry at the versions of tools/node/package-lock.json.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/apt_install.sh

if ! command -v java >/dev/null 2>&1; then
    echo ">> Installation de Java (pour le validateur HTML)"
    apt_install default-jre-headless
fi
if ! command -v npm >/dev/null 2>&1; then
    echo ">> Installation de Node.js et npm"
    apt_install nodejs npm
fi

# npm ci again when the lock file changed since the last install.
stamp=tools/node/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ tools/node/package-lock.json -nt "$stamp" ]; then
    echo ">> Installation du validateur HTML et de Lighthouse (tools/node)"
    # --ignore-scripts: vnu-jar's postinstall would fetch a Java of its own.
    npm ci --prefix tools/node --ignore-scripts --no-audit --no-fund --loglevel=error
fi
echo ">> Validateur HTML et Lighthouse prêts."
