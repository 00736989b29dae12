#!/usr/bin/env bash
# Fetches the DICOM test files that Debian's python3-pydicom package ships (pydicom/data/test_files)
# into a folder, for PydicomCorpusTest. Usage: fetch-pydicom-corpus.sh [DEST]
# DEST defaults to $MMEDPO_PYDICOM_CORPUS, else ingest/target/pydicom-corpus. Prints DEST.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-${MMEDPO_PYDICOM_CORPUS:-$here/../../target/pydicom-corpus}}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
if ! apt-get download python3-pydicom >/dev/null 2>&1; then
  # The package lists may be missing on a fresh machine.
  apt-get update >/dev/null
  apt-get download python3-pydicom >/dev/null
fi
dpkg -x python3-pydicom_*.deb extracted
src="$(find extracted -type d -path '*pydicom/data/test_files' -print -quit)"
if [[ -z "$src" ]]; then
  echo "fetch-pydicom-corpus: no pydicom/data/test_files in the package" >&2
  exit 1
fi
mkdir -p "$dest"
cp -R "$src/." "$dest/"
echo "$(cd "$dest" && pwd)"
