"""``./dev mutate [MODULE]``: mutation testing of the modules where a wrong decision costs money or weeks.

Why cosmic-ray: it mutates module-level code too (the limits and defaults that matter here are
constants and table rows, which a function-trampolining tool leaves alone), it runs an arbitrary test
command per session (so each module runs only the tests that cover it, from
``tools/mutation_targets.toml``), and its session database resumes where it stopped.

Why a private copy of the tree: cosmic-ray writes each mutant into the module file itself. Other
people edit the working tree while a run lasts, and a restore of the original would undo their edits;
an interrupted run would leave a mutant behind. Each run syncs the tree to ``.mutation/tree`` and
mutates there, with ``PYTHONPATH`` pointing at the copy (the editable install's finder comes after it).

Incremental: a module's session (``.mutation/<module>.sqlite``) is rebuilt only when the module, its
tests or the equivalent-mutant list change; otherwise only mutants without a result run (a resumed,
interrupted run) and the stored results are reported. Equivalent mutants, listed with a reason in
``tools/mutation_equivalents.txt``, are marked skipped and left out of the score.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ROOT / "tools" / "mutation_targets.toml"
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.txt"
STATE = ROOT / ".mutation"
TREE = STATE / "tree"
COPIED = ("app.py", "cdk.json", "pyproject.toml", "config", "constructs", "custom_resources", "tests")
TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class Target:
    module: str  # repo-relative path of the mutated module
    tests: tuple[str, ...]  # repo-relative test paths that cover it


@dataclass(frozen=True)
class Equivalent:
    """A mutant that cannot change behaviour: which module, which operator, which source line, and why."""

    module: str
    operator: str
    line: str  # the source line, stripped: survives edits elsewhere in the module
    why: str


def load_targets(path: Path = TARGETS) -> dict[str, Target]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {module: Target(module, tuple(str(t) for t in entry["tests"])) for module, entry in data["modules"].items()}


def load_equivalents(path: Path = EQUIVALENTS) -> list[Equivalent]:
    """``module | operator | source line | why``, one a line; ``#`` starts a comment line."""
    found = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in raw.split(" | ")]
        if len(parts) != 4 or not all(parts):
            raise ValueError(f"{path.name}:{number}: expected 'module | operator | source line | why'")
        found.append(Equivalent(*parts))
    return found


def _sync_tree() -> None:
    """Copy what the tests read into ``.mutation/tree`` (fresh each run: the tree may have changed)."""
    TREE.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "cdk.out", "*.pyc")
    for name in COPIED:
        source, target = ROOT / name, TREE / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            shutil.copy2(source, target)
    modules = TREE / "node_modules"
    if not modules.exists() and (ROOT / "node_modules").exists():
        modules.symlink_to(ROOT / "node_modules")


def _fingerprint(target: Target, equivalents: Sequence[Equivalent]) -> str:
    digest = hashlib.sha256()
    for relative in (target.module, *target.tests):
        path = ROOT / relative
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(relative.encode() + b"\0" + file.read_bytes())
    digest.update(repr([e for e in equivalents if e.module == target.module]).encode())
    return digest.hexdigest()


def _config(target: Target) -> str:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    return (
        "[cosmic-ray]\n"
        f"module-path = {target.module!r}\n"
        f"timeout = {TIMEOUT_SECONDS}\n"
        "excluded-modules = []\n"
        f"test-command = {shlex.join([*command, *target.tests])!r}\n"
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
    )


def _cosmic_ray(*args: str) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TREE / "constructs"), str(TREE / "custom_resources")]),
    }
    subprocess.run([sys.executable, "-m", "cosmic_ray.cli", *args], cwd=TREE, env=env, check=True)


def _mark_equivalents(db: Path, target: Target, equivalents: Sequence[Equivalent]) -> int:
    from cosmic_ray.work_db import WorkDB, use_db  # type: ignore[import-untyped]
    from cosmic_ray.work_item import WorkerOutcome, WorkResult  # type: ignore[import-untyped]

    lines = (TREE / target.module).read_text(encoding="utf-8").splitlines()
    wanted = {(e.operator, e.line) for e in equivalents if e.module == target.module}
    marked = 0
    with use_db(str(db), WorkDB.Mode.open) as work_db:
        for item in work_db.work_items:
            for mutation in item.mutations:
                if (mutation.operator_name, lines[mutation.start_pos[0] - 1].strip()) in wanted:
                    work_db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
                    marked += 1
    return marked


@dataclass(frozen=True)
class Outcome:
    module: str
    killed: int
    survived: list[str]
    equivalent: int
    pending: int
    seconds: float

    @property
    def score(self) -> float:
        tested = self.killed + len(self.survived)
        return 100.0 * self.killed / tested if tested else 100.0


def _results(db: Path, target: Target) -> tuple[int, list[str], int, int]:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    lines = (TREE / target.module).read_text(encoding="utf-8").splitlines()
    killed, equivalent, survived = 0, 0, []
    with use_db(str(db), WorkDB.Mode.open) as work_db:
        pending = sum(1 for _ in work_db.pending_work_items)
        for item, result in work_db.completed_work_items:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                equivalent += 1
            elif result.test_outcome == TestOutcome.SURVIVED:
                [mutation] = item.mutations
                line = mutation.start_pos[0]
                survived.append(f"{target.module}:{line}: {mutation.operator_name}: {lines[line - 1].strip()}")
            else:
                killed += 1
    return killed, sorted(survived), equivalent, pending


def mutate(target: Target, equivalents: Sequence[Equivalent]) -> Outcome:
    started = time.monotonic()
    slug = target.module.replace("/", ".").removesuffix(".py")
    db, config, stamp = STATE / f"{slug}.sqlite", STATE / f"{slug}.toml", STATE / f"{slug}.stamp"
    fingerprint = _fingerprint(target, equivalents)
    config.write_text(_config(target), encoding="utf-8")
    if not db.exists() or not stamp.exists() or stamp.read_text() != fingerprint:
        db.unlink(missing_ok=True)
        _cosmic_ray("init", str(config), str(db))
        skipped = _mark_equivalents(db, target, equivalents)
        print(f"==> {target.module}: new session, {skipped} equivalent mutant(s) skipped", flush=True)
        stamp.write_text(fingerprint)
    _cosmic_ray("exec", str(config), str(db))
    killed, survived, equivalent, pending = _results(db, target)
    return Outcome(target.module, killed, survived, equivalent, pending, time.monotonic() - started)


def report(outcomes: Iterable[Outcome]) -> str:
    rows = [f"{'module':<60} {'score':>6} {'killed':>6} {'survived':>8} {'equiv':>5} {'time':>7}"]
    survivors: list[str] = []
    for o in outcomes:
        rows.append(
            f"{o.module:<60} {o.score:>5.1f}% {o.killed:>6} {len(o.survived):>8} {o.equivalent:>5} {o.seconds:>6.0f}s"
        )
        survivors += o.survived
    if survivors:
        rows += ["", "surviving mutants:", *(f"  {s}" for s in survivors)]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev mutate", description=__doc__.split("\n\n")[0])
    parser.add_argument("module", nargs="*", help="repo-relative module path(s); default: every listed module")
    args = parser.parse_args(argv)
    targets = load_targets()
    unknown = [m for m in args.module if m not in targets]
    if unknown:
        print(f"error: not in {TARGETS.relative_to(ROOT)}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    equivalents = load_equivalents()
    STATE.mkdir(exist_ok=True)
    _sync_tree()
    outcomes = [mutate(targets[m], equivalents) for m in (args.module or list(targets))]
    print(report(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
