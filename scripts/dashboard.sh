#!/usr/bin/env bash
# Run the dashboard on the bundled data, (re)building the database first when it is missing or older than its inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
db=data/children_services.duckdb
if [ ! -f "$db" ] || [ -n "$(find data etl -type f -newer "$db" ! -name '*.duckdb*' | head -n 1)" ]; then
  .venv/bin/python -m etl load || echo "Some files were reported above; the dashboard opens on everything that loaded."
fi
# This computer only, unless sign-in is configured in .streamlit/secrets.toml or serving without it was asked for there.
address=$(.venv/bin/python -m ui.access)
exec .venv/bin/streamlit run dashboard.py --server.headless true --browser.gatherUsageStats false --server.address "$address" "$@"
