"""Synth cost of the sample app against the jsii floor (an empty CDK app), from one run.

Each case runs REPEAT times in a fresh process (wall time includes interpreter start, imports and the
jsii Node runtime, as a user's `cdk synth` does); the median wall time and the peak memory of the
Python process plus its Node runtime are printed with the ratio to the floor.
Target (issue 2): the sample app within 1.5x of the floor.
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

ROOT = Path(__file__).resolve().parents[1]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
TARGET = 1.5
CASES = ("env:dev", "env:staging", "env:prod", "all-samples")


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
