#!/usr/bin/env bash
# Run the dashboard on the bundled data, (re)building the database first when it is missing or older than its inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
db=data/children_services.duckdb
if [ ! -f "$db" ] || [ -n "$(find data etl -type f -newer "$db" ! -name '*.duckdb*' | head -n 1)" ]; then
  .venv/bin/python -m etl load || echo "Some files were reported above; the dashboard opens on everything that loaded."
fi
exec .venv/bin/streamlit run dashboard.py --server.headless true --browser.gatherUsageStats false "$@"
