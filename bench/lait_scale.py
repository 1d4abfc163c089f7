"""A performance team's own indicators at LAIT's scale: 400 indicators x 150 authorities x 10 years, loaded and shown.

Generates the file (and its definitions sidecar) in a temporary folder, never in the project, loads it beside the
bundled data into a temporary database, and prints the load time, then the Indicators page and the England map's
time to draw as ratios to a bare Streamlit page with one Plotly figure (the framework's floor).

Usage: python bench/lait_scale.py [repeats]   (default 5). Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.page_timing import BARE_PAGE, chromium_with, times_to_draw  # noqa: E402
from etl import AUTHORITIES_CSV  # noqa: E402
from tests.conftest import REPO, start_streamlit  # noqa: E402

INDICATORS, YEARS = 400, range(2001, 2011)
CHART = ".js-plotly-plot .main-svg"


def write_file(folder: Path) -> Path:
    """The long-form rows and their definitions: a generated bench input, never the product's data."""
    codes = [line.split(",")[0] for line in AUTHORITIES_CSV.read_text().splitlines()[1:]]
    polarities = ["higher_better", "lower_better", "neutral"]
    sidecar = ["indicator_id,name,unit,polarity,outcome_area,definition,source"]
    sidecar += [
        f"BENCH_{n:03},Bench indicator {n},%,{polarities[n % 3]},staying_safe,Generated for the bench,bench"
        for n in range(INDICATORS)
    ]
    rows = ["dfe_code,period,indicator_id,value"]
    generator = random.Random(2009)
    rows += [
        f"{code},{year},BENCH_{n:03},{generator.uniform(0, 100):.1f}"
        for n in range(INDICATORS)
        for code in codes
        for year in YEARS
    ]
    (folder / "lait.indicators.csv").write_text("\n".join(sidecar) + "\n")
    path = folder / "lait.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        path = write_file(Path(folder))
        db = Path(folder) / "data" / "bench.duckdb"
        start = time.perf_counter()
        loaded = subprocess.run(
            [sys.executable, "-m", "etl", "load", "--db", str(db), str(path)], cwd=REPO, capture_output=True, text=True
        )
        took = time.perf_counter() - start
        if loaded.returncode:
            sys.exit(loaded.stderr[-2000:])
        rows = INDICATORS * 150 * len(YEARS)
        print(f"load of {rows:,} indicator rows ({path.stat().st_size / 1e6:.0f} MB) with the bundled data: {took:5.1f} s")
        (Path(folder) / "bare.py").write_text(BARE_PAGE)
        servers = {"bare": start_streamlit(Path(folder) / "bare.py"), "app": start_streamlit(REPO / "dashboard.py", db)}
        with chromium_with(servers) as browser:
            pages = {
                "Indicators page": "indicators?ind=BENCH_123",
                "England map": "england?show=indicator&ind=BENCH_123&year=2007",
            }
            targets = {"bare": (servers["bare"][1], CHART)} | {
                name: (f"{servers['app'][1]}/{page}", CHART) for name, page in pages.items()
            }
            took = times_to_draw(browser, targets, repeats)
            print(f"bare Streamlit page with one Plotly figure: {took['bare']:6.0f} ms (the floor)")
            for name in pages:
                print(f"{name:16} {took[name]:6.0f} ms  {took[name] / took['bare']:4.2f}x the floor")


if __name__ == "__main__":
    main()
