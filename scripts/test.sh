#!/usr/bin/env bash
# The whole test suite: lint, format check and every test tier. Exits non-zero if anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt || exit 1
status=0
echo "== ruff check";          .venv/bin/ruff check . || status=1
echo "== ruff format --check"; .venv/bin/ruff format --check . || status=1
echo "== pytest";              .venv/bin/python -m pytest "$@" || status=1
exit $status
