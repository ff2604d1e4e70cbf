"""``./dev mutate [MODULE]``: mutation testing of the modules where a wrong decision costs money or weeks.

Why cosmic-ray: it mutates module-level code too (the limits and defaults that matter here are
constants and table rows, which a function-trampolining tool leaves alone), it runs an arbitrary test
command per session (so each module runs only the tests that cover it, from
``tools/mutation_targets.toml``), and its session database resumes where it stopped.

Why a private copy of the tree: cosmic-ray writes each mutant into the module file itself. Other
people edit the working tree while a run lasts, and a restore of the original would undo their edits;
an interrupted run would leave a mutant behind. Each run copies the repository's files (tracked and
untracked, not ignored) to ``.mutation/tree-N`` and mutates there, with ``PYTHONPATH`` pointing at the
copy (the editable install's finder comes after it). ``--jobs 2`` runs two modules at once, each in its
own tree: a module's tests import other target modules, so two mutants must never share a tree.

Why a fork server (``tools/mutation_server.py``): a fresh pytest costs about a second of imports per
mutant; the server pays it once. Before any mutant runs, the module's tests must pass unmutated (the
baseline): a test that fails anyway would count every mutant as killed.

Incremental: a module's session (``.mutation/<module>.sqlite``) is rebuilt when the module or its
equivalent-mutant entries change. When only its tests change, the killed mutants stay killed (tests
were added or sharpened) and only the survivors run again; ``--fresh`` runs everything, as a quoted
score should be. Otherwise only mutants without a result run (a resumed, interrupted run) and the stored
results are reported. Equivalent mutants, listed with a reason in ``tools/mutation_equivalents.txt``,
are marked skipped and left out of the score.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import queue
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ROOT / "tools" / "mutation_targets.toml"
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.txt"
SERVER = ROOT / "tools" / "mutation_server.py"
STATE = ROOT / ".mutation"
TIMEOUT_SECONDS = 120.0
PYTEST_FLAGS = ("-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly")


@dataclass(frozen=True)
class Target:
    module: str  # repo-relative path of the mutated module
    tests: tuple[str, ...]  # repo-relative test paths that cover it
    reuse_synthesis: bool = False  # synthesis never imports the module: mutants may share the baseline's cdk.out

    @property
    def slug(self) -> str:
        """The module as a file-name stem for its session files in ``.mutation/``."""
        return self.module.replace("/", ".").removesuffix(".py")


@dataclass(frozen=True)
class Equivalent:
    """A mutant that cannot change behaviour: which module, which operator, which source line, and why."""

    module: str
    operator: str
    line: str  # the source line, stripped: survives edits elsewhere in the module
    why: str


def load_targets(path: Path = TARGETS) -> dict[str, Target]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        module: Target(module, tuple(str(t) for t in entry["tests"]), bool(entry.get("reuse_synthesis", False)))
        for module, entry in data["modules"].items()
    }


def load_equivalents(path: Path = EQUIVALENTS) -> list[Equivalent]:
    """``module | operator | source line | why``, one a line; ``#`` starts a comment line."""
    found = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        # the source line may hold " | " itself (``str | None``): module and operator are split off the
        # left, the reason off the right, and what is left between them is the line
        head = raw.split(" | ", 2)
        parts = [part.strip() for part in (*head[:2], *head[2].rsplit(" | ", 1))] if len(head) == 3 else []
        if len(parts) != 4 or not all(parts):
            raise ValueError(f"{path.name}:{number}: expected 'module | operator | source line | why'")
        found.append(Equivalent(*parts))
    return found


def _repository_files() -> list[str]:
    """What a clean checkout plus the work in progress holds: tracked and untracked, not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted(name for name in listed.split("\0") if name and (ROOT / name).is_file())


def _sync_tree(tree: Path) -> None:
    """Copy the repository into ``tree`` afresh (the working tree may have changed since the last run)."""
    if tree.exists():
        shutil.rmtree(tree)
    for name in _repository_files():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    if (ROOT / "node_modules").exists():
        (tree / "node_modules").symlink_to(ROOT / "node_modules")


def _digest(paths: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for relative in paths:
        path = ROOT / relative
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(relative.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What a session was built from; which part changed decides how much runs again."""

    module: str  # the mutated module's digest: a change makes a new session
    tests: str  # the tests' digest: a change runs the survivors again
    equivalents: str  # the module's equivalent entries: a change marks them afresh

    @classmethod
    def of(cls, target: Target, equivalents: Sequence[Equivalent]) -> Stamp:
        mine = [e for e in equivalents if e.module == target.module]
        return cls(_digest([target.module]), _digest(target.tests), hashlib.sha256(repr(mine).encode()).hexdigest())

    @classmethod
    def read(cls, path: Path) -> Stamp | None:
        lines = path.read_text().split("\n") if path.exists() else []
        return cls(lines[0], lines[1], lines[2] if len(lines) > 2 else "") if len(lines) > 1 else None

    def write(self, path: Path) -> None:
        path.write_text(f"{self.module}\n{self.tests}\n{self.equivalents}")


def _synth_cache(target: Target) -> Path | None:
    return STATE / "synth" / target.slug if target.reuse_synthesis else None


def _coverage(target: Target) -> Path:
    return STATE / f"{target.slug}.lines.json"


def _env(tree: Path, target: Target) -> dict[str, str]:
    cache = _synth_cache(target)
    return {
        **os.environ,
        # This tool's folder first: ``mutation_coverage`` (never mutated) is imported from it.
        "PYTHONPATH": os.pathsep.join([str(SERVER.parent), str(tree / "constructs"), str(tree / "custom_resources")]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "MUTATION_MODULE": str(tree / target.module),
        "MUTATION_TESTS": json.dumps(target.tests),
        "MUTATION_COVERAGE": str(_coverage(target)),
        **({"SMS_ESTATE_SYNTH_CACHE": str(cache)} if cache else {}),
    }


def _config(target: Target, socket_path: Path) -> str:
    command = [sys.executable, str(SERVER), "run", str(socket_path), "--", *PYTEST_FLAGS]
    return (
        "[cosmic-ray]\n"
        f"module-path = {target.module!r}\n"
        f"timeout = {TIMEOUT_SECONDS}\n"
        "excluded-modules = []\n"
        f"test-command = {shlex.join([*command, *target.tests])!r}\n"
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
    )


def _cosmic_ray(tree: Path, target: Target, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cosmic_ray.cli", *args],
        cwd=tree,
        env=_env(tree, target),
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def _server(tree: Path, target: Target, socket_path: Path) -> Iterator[None]:
    """The fork server for one tree and module, for as long as its mutants run."""
    process = subprocess.Popen(
        [sys.executable, str(SERVER), "serve", str(socket_path)],
        cwd=tree,
        env=_env(tree, target),
        stdout=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != b"ready":
            raise RuntimeError("the mutation server did not start")
        yield
    finally:
        process.terminate()
        process.wait()
        socket_path.unlink(missing_ok=True)


class BaselineFailedError(RuntimeError):
    """The module's tests fail without any mutant: every mutant would count as killed."""


def _baseline(tree: Path, target: Target) -> None:
    """Run the tests unmutated, recording which test runs which line of the module (the server's selection).

    For a module synthesis never imports, this run also fills the shared cdk.out cache.
    """
    cache = _synth_cache(target)
    if cache is not None and cache.exists():
        shutil.rmtree(cache)  # synthesized by another tree's code: the baseline makes it anew
    _coverage(target).unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *PYTEST_FLAGS, "-p", "mutation_coverage", *target.tests],
        cwd=tree,
        env=_env(tree, target),
        capture_output=True,
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).decode(errors="replace").splitlines()[-15:])
        raise BaselineFailedError(f"{target.module}: its tests fail unmutated; no score is possible\n{tail}")


def _forget(db: Path, condition: str) -> int:
    """Drop the results that ``condition`` selects, so that the next exec runs those mutants again."""
    with sqlite3.connect(db) as connection:
        return connection.execute(f"DELETE FROM work_results WHERE {condition}").rowcount


SURVIVORS = "test_outcome = 'SURVIVED'"
SKIPPED = "worker_outcome = 'SKIPPED'"


def _mark_equivalents(tree: Path, db: Path, target: Target, equivalents: Sequence[Equivalent]) -> int:
    from cosmic_ray.work_db import WorkDB, use_db  # type: ignore[import-untyped]
    from cosmic_ray.work_item import WorkerOutcome, WorkResult  # type: ignore[import-untyped]

    source = (tree / target.module).read_text(encoding="utf-8")
    lines = source.splitlines()
    wanted = {(e.operator, e.line) for e in equivalents if e.module == target.module}
    annotations = annotation_spans(source)
    marked = 0
    with use_db(str(db), WorkDB.Mode.open) as work_db:
        for item in work_db.work_items:
            for mutation in item.mutations:
                listed = (mutation.operator_name, lines[mutation.start_pos[0] - 1].strip()) in wanted
                if listed or any(start <= tuple(mutation.start_pos) < end for start, end in annotations):
                    work_db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
                    marked += 1
    return marked


def annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the module's type annotations are, if it never evaluates them (``from __future__ import annotations``).

    A mutant there (``str | None`` to ``str & None``) is equivalent by construction: the annotation stays a
    string that only the type checker reads. Without the future import, annotations run and are mutated.
    """
    module = ast.parse(source)
    lazy = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(a.name == "annotations" for a in node.names)
        for node in module.body
    )
    if not lazy:
        return []
    found: list[ast.expr] = []
    for node in ast.walk(module):
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            found.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            found.append(node.returns)
    return [((n.lineno, n.col_offset), (n.end_lineno or n.lineno, n.end_col_offset or n.col_offset)) for n in found]


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


def _results(tree: Path, db: Path, target: Target) -> tuple[int, list[str], int, int]:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    lines = (tree / target.module).read_text(encoding="utf-8").splitlines()
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


def mutate(tree: Path, target: Target, equivalents: Sequence[Equivalent], *, fresh: bool = False) -> Outcome:
    started = time.monotonic()
    db, config, stamp = (STATE / f"{target.slug}.{suffix}" for suffix in ("sqlite", "toml", "stamp"))
    socket_path = STATE / f"{tree.name}.sock"
    now = Stamp.of(target, equivalents)
    config.write_text(_config(target, socket_path), encoding="utf-8")
    _baseline(tree, target)
    stored = Stamp.read(stamp) if db.exists() else None
    if fresh or stored is None or stored.module != now.module:
        db.unlink(missing_ok=True)
        _cosmic_ray(tree, target, "init", str(config), str(db))
        skipped = _mark_equivalents(tree, db, target, equivalents)
        print(f"==> {target.module}: new session, {skipped} equivalent mutant(s) skipped", flush=True)
    else:
        if stored.equivalents != now.equivalents:
            _forget(db, SKIPPED)  # an entry dropped from the list must run again
            skipped = _mark_equivalents(tree, db, target, equivalents)
            print(f"==> {target.module}: equivalent list changed, {skipped} mutant(s) skipped", flush=True)
        if stored.tests != now.tests:
            print(f"==> {target.module}: tests changed, {_forget(db, SURVIVORS)} survivor(s) run again", flush=True)
    now.write(stamp)
    with _server(tree, target, socket_path):
        _cosmic_ray(tree, target, "exec", str(config), str(db))
    killed, survived, equivalent, pending = _results(tree, db, target)
    return Outcome(target.module, killed, survived, equivalent, pending, time.monotonic() - started)


def run_all(modules: Sequence[Target], equivalents: Sequence[Equivalent], *, jobs: int, fresh: bool) -> list[Outcome]:
    """Each module in a tree of its own slot; at most ``jobs`` at once; outcomes in the order asked."""
    slots: queue.Queue[Path] = queue.Queue()
    for number in range(1, jobs + 1):
        tree = STATE / f"tree-{number}"
        _sync_tree(tree)
        slots.put(tree)

    def one(target: Target) -> Outcome:
        tree = slots.get()
        try:
            outcome = mutate(tree, target, equivalents, fresh=fresh)
        finally:
            slots.put(tree)
        print(report([outcome]).splitlines()[1], flush=True)  # the module's row now; the summary at the end
        return outcome

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, modules))


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
    parser.add_argument("--jobs", type=int, default=1, help="modules mutated at once, each in its own tree")
    parser.add_argument("--fresh", action="store_true", help="run every mutant again, not only new survivors")
    args = parser.parse_args(argv)
    targets = load_targets()
    unknown = [m for m in args.module if m not in targets]
    if unknown:
        print(f"error: not in {TARGETS.relative_to(ROOT)}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    equivalents = load_equivalents()
    STATE.mkdir(exist_ok=True)
    chosen = [targets[m] for m in (args.module or list(targets))]
    try:
        outcomes = run_all(chosen, equivalents, jobs=max(1, args.jobs), fresh=args.fresh)
    except BaselineFailedError as failed:
        print(f"error: {failed}", file=sys.stderr)
        return 1
    print(report(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
