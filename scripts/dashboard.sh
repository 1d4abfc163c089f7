#!/usr/bin/env bash
# Run the dashboard on the bundled data (building the database first if there is none).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
if [ ! -f data/children_services.duckdb ]; then
  .venv/bin/python -m etl load
fi
exec .venv/bin/streamlit run dashboard.py --server.headless true "$@"
