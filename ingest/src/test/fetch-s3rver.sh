#!/usr/bin/env bash
# Installs s3rver (a fake S3 server for Node that checks SigV4 signatures) for S3BlobStoreIT into
# ingest/target/s3rver, from the npm registry. Usage: fetch-s3rver.sh [DEST]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-$here/../../target/s3rver}"
mkdir -p "$dest"
cd "$dest"
[[ -f package.json ]] || echo '{"name": "mmedpo-s3rver", "private": true}' > package.json
npm install --no-audit --no-fund --silent s3rver@3.7.1 >/dev/null
echo "$(pwd)/node_modules/s3rver/bin/s3rver.js"
