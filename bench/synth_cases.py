"""The synth workloads ``bench/synth.py`` measures, each run in a fresh process.

Run as ``python bench/synth_cases.py CASE OUTDIR``; prints one JSON line with the process's own
peak memory and that of its children (the jsii Node runtime), both in MiB.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ("empty", "empty-no-validation")


def empty_app(outdir: str, *, builtin_validation: bool = True) -> None:
    """The floor: what any CDK app in Python pays to start jsii and synthesize one empty stack.

    With CDK's defaults (``builtin_validation``) that includes starting the built-in template
    validator, which the package turns off; the bench shows both floors.
    """
    import aws_cdk as cdk

    app = cdk.App(outdir=outdir, analytics_reporting=False, builtin_cloud_formation_validation=builtin_validation)
    cdk.Stack(app, "Empty", env=cdk.Environment(account="111111111111", region="us-east-1"))
    app.synth()


def empty_app_without_validation(outdir: str) -> None:
    empty_app(outdir, builtin_validation=False)


def sample_app(outdir: str) -> None:
    """Every sample environment (dev, staging, prod: 5 stacks) with config checks and cdk-nag."""
    from sms_estate.yaml_app.app_builder import build_app
    from sms_estate.yaml_app.config import list_environments, load_environment

    app, _ = build_app([load_environment(name) for name in list_environments()], outdir=outdir)
    app.synth()


def app_py(environment: Callable[[], str]) -> Callable[[str], None]:
    """What `cdk synth -c env=NAME` runs: ``main()`` of app.py, with the context and outdir the CLI sets."""

    def run(outdir: str) -> None:
        os.environ["CDK_CONTEXT_JSON"] = json.dumps({"env": environment()})
        os.environ["CDK_OUTDIR"] = outdir
        sys.path.insert(0, str(ROOT))
        import app

        if app.main() != 0:
            raise SystemExit(f"app.py failed for {environment()}")

    return run


def named(name: str) -> Callable[[], str]:
    return lambda: name


def bulk_file(rows: int) -> Callable[[], str]:
    """The generated environment of ``rows`` imported registrations (see ``bench/synth.py``), sharded."""
    return lambda: str(Path(os.environ[BULK_DIR_VARIABLE]) / f"rows{rows}" / f"bulk{rows}.yaml")


BULK_DIR_VARIABLE = "SMS_ESTATE_BENCH_BULK_DIR"
BULK_ROWS = (10, 300)

CASES: dict[str, Callable[[str], None]] = {
    "empty": empty_app,
    "empty-no-validation": empty_app_without_validation,
    "all-samples": sample_app,
    **{f"env:{name}": app_py(named(name)) for name in ("dev", "staging", "prod")},
    **{f"bulk:{rows}": app_py(bulk_file(rows)) for rows in BULK_ROWS},
}


def peak_mib_of_descendants(pid: str = "self") -> float:
    """Sum of peak RSS (VmHWM) of live descendants: jsii runs Node through a launcher process."""
    total = 0.0
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            status = Path(f"/proc/{child}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
            total += peak_mib_of_descendants(child)
    return total


def main() -> None:
    case, outdir = sys.argv[1], sys.argv[2]
    from sms_estate.yaml_app.node_runtime import use_bundled_node

    use_bundled_node()  # as app.py does, before any case imports aws_cdk (bench/synth.py already sets it)
    start = time.perf_counter()
    CASES[case](outdir)
    elapsed = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = peak_mib_of_descendants()
    print(json.dumps({"case": case, "inner_seconds": elapsed, "python_mib": own, "node_mib": children}), flush=True)
    if case not in FLOORS:
        # The package's entry points end this way (app.py); an empty CDK app ends the usual way.
        from sms_estate.yaml_app.process_exit import exit_without_teardown

        exit_without_teardown(0)


if __name__ == "__main__":
    main()
