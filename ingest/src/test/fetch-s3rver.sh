#!/usr/bin/env bash
# Installs s3rver (an S3-compatible server for Node; it checks access keys, not SigV4 signatures)
# for S3BlobStoreIT into DEST (default ingest/target/s3rver), from the npm registry.
# Usage: fetch-s3rver.sh [DEST]; prints the path of s3rver's launcher.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-$here/../../target/s3rver}"
mkdir -p "$dest"
cd "$dest"
[[ -f package.json ]] || echo '{"name": "mmedpo-s3rver", "private": true}' > package.json
npm install --no-audit --no-fund --silent s3rver@3.7.1 >/dev/null
echo "$(pwd)/node_modules/s3rver/bin/s3rver.js"
