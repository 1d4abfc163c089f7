#!/usr/bin/env bash
# Create .venv and install what the project needs; safe to run again (it skips what is done).
# Usage: scripts/setup.sh [requirements file]   (default requirements.txt)
# Installs the exact versions in constraints.txt, the ones the whole test suite last passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv ..."
  python3 -m venv .venv
fi
stamp=".venv/.installed-$(basename "$requirements")"
wanted=$(cat requirements*.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing Python packages from $requirements ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" -c constraints.txt
  echo "$wanted" > "$stamp"
fi

# Debian's Chromium draws chart images (Kaleido) and runs the browser tests; Tesseract reads scanned PDFs (OCR).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/tesseract ] || missing="$missing tesseract-ocr tesseract-ocr-eng"
if [ -n "$missing" ]; then
  echo "Installing Debian's$missing ..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086  # the package names are words
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
fi
