"""Synth cost of the sample app against the jsii floor (an empty CDK app), from one run.

Each case runs REPEAT times in a fresh process (wall time includes interpreter start, imports and the
jsii Node runtime, as a user's `cdk synth` does); the median wall time and the peak memory of the
Python process plus its Node runtime are printed with the ratio to the floor.
Target (issue 2): the sample app within 1.5x of the floor.
Bulk (issue 6): generated environments of 10 and 300 registrations, imported with ``import-csv`` from
generated CSV rows (each with an opt-in image) and sharded over 8 stacks; target: cost linear in rows,
300 rows within 3x of the floor.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth_cases import BULK_DIR_VARIABLE, BULK_ROWS

ROOT = Path(__file__).resolve().parents[1]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
TARGET = 1.5
CASES = ("env:dev", "env:staging", "env:prod", "all-samples")
BULK_TARGET = 3.0
BULK_SHARDS = 8


def prepare_bulk_environments(directory: Path) -> None:
    """``rows<N>/bulk<N>.yaml`` in ``directory``: generated rows through the real importer."""
    sys.path.insert(0, str(ROOT / "tests"))
    from bulk.bulk_estates import imported_environment  # the same generator the 300-row tests use

    for rows in BULK_ROWS:
        imported_environment(directory / f"rows{rows}", rows, shards=BULK_SHARDS, name=f"bulk{rows}")


def measure(case: str) -> tuple[float, float]:
    walls, peaks = [], []
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for _ in range(REPEAT):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "synth_cases.py"), case, out],
                capture_output=True,
                text=True,
                check=True,
                env=env,
                cwd=ROOT,
            )
            walls.append(time.perf_counter() - start)
        data = json.loads(result.stdout.strip().splitlines()[-1])
        peaks.append(data["python_mib"] + data["node_mib"])
    return statistics.median(walls), max(peaks)


def main() -> int:
    floor_wall, floor_mem = measure("empty")
    print(f"{'case':<14} {'wall s':>8} {'x floor':>8} {'peak MiB':>9} {'x floor':>8}")
    print(f"{'empty':<14} {floor_wall:8.2f} {1.0:8.2f} {floor_mem:9.0f} {1.0:8.2f}")
    worst = 0.0
    for case in CASES:
        wall, mem = measure(case)
        ratio = wall / floor_wall
        if case.startswith("env:"):
            worst = max(worst, ratio)
        print(f"{case:<14} {wall:8.2f} {ratio:8.2f} {mem:9.0f} {mem / floor_mem:8.2f}")
    verdict = "within" if worst <= TARGET else "OVER"
    print(
        f"slowest environment (what `cdk synth -c env=NAME` runs): {worst:.2f}x the jsii floor "
        f"({verdict} the {TARGET}x target); median of {REPEAT} fresh processes per case"
    )
    bulk_ok = bulk(floor_wall, floor_mem)
    return 0 if bulk_ok else 1


def bulk(floor_wall: float, floor_mem: float) -> bool:
    """The bulk cases, and how their cost grows per registration."""
    with tempfile.TemporaryDirectory() as directory:
        prepare_bulk_environments(Path(directory))
        os.environ[BULK_DIR_VARIABLE] = directory
        results = {rows: measure(f"bulk:{rows}") for rows in BULK_ROWS}
    print(f"\n{'bulk case':<14} {'wall s':>8} {'x floor':>8} {'peak MiB':>9} {'x floor':>8} {'x 10 rows':>9}")
    small_wall, small_mem = results[BULK_ROWS[0]]
    for rows, (wall, mem) in results.items():
        print(
            f"{f'{rows} rows':<14} {wall:8.2f} {wall / floor_wall:8.2f} {mem:9.0f} {mem / floor_mem:8.2f} "
            f"{wall / small_wall:9.2f}"
        )
    (few, many), (wall_many, mem_many) = BULK_ROWS, results[BULK_ROWS[-1]]
    per_row_ms = (wall_many - small_wall) / (many - few) * 1000
    per_row_kib = (mem_many - small_mem) / (many - few) * 1024
    overhead = small_wall - floor_wall
    ratio = wall_many / floor_wall
    print(
        f"per added registration: {per_row_ms:.1f} ms and {per_row_kib:.0f} KiB (slope from {few} to {many} rows); "
        f"fixed cost of the package over the floor: {overhead:.2f} s"
    )
    print(
        f"{many} rows: {ratio:.2f}x the floor ({'within' if ratio <= BULK_TARGET else 'OVER'} the {BULK_TARGET}x target)"
    )
    return ratio <= BULK_TARGET


if __name__ == "__main__":
    sys.exit(main())
