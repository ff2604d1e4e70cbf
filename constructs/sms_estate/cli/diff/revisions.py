"""Turn what the user names (a git ref, a ``cdk.out`` folder, or nothing: the working tree) into stacks.

A git ref is checked out into a temporary ``git worktree`` and synthesized with *its own* code and
config: ``app.py`` runs once per environment with ``PYTHONPATH`` pointing at the worktree's
``constructs/`` and ``custom_resources/``. Those entries come before the editable install of this
package (setuptools appends its finder to ``sys.meta_path``, after the path finder), but that finder
would still serve a module the checkout *lacks* from the working tree, silently mixing revisions; so
the child removes it before running ``app.py`` (:data:`_ISOLATE`), and :func:`_check_shadowing`
verifies both before trusting the result. Synthesis is offline: stacks name their account and region
and do no lookups.

Nothing outlives the command, even when CI cancels it (SIGTERM) or a user presses Ctrl-C: everything
a revision needs lives in one scratch folder (the worktree, the cloud assemblies, and ``TMPDIR`` of
the children, so what jsii and the CDK leave in a temporary folder goes too); each synth child leads
its own process group, stopped as a group (SIGTERM, then SIGKILL) when the command is interrupted; and
the cleanup runs with SIGTERM and SIGINT held back (:func:`deferred_signals`), so a signal arriving
during it cannot leave half of it undone. ``sms_estate.cli.commands.diff`` turns the signals into an
exception that unwinds through these ``finally`` blocks.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from sms_estate.cli.assembly import SynthesizedStack, read_assembly
from sms_estate.cli.synthesis import offline_environment
from sms_estate.yaml_app.config.model import Acknowledgement
from sms_estate.yaml_app.config.yaml_source import read_yaml_mapping
from sms_estate.yaml_app.errors import ConfigError, Problem, UserFacingError
from sms_estate.yaml_app.stacks.naming import stack_name

WORKING_TREE = "working tree"
# Construct paths in template metadata (as ``cdk synth`` writes them): the diff names resources by
# the config names they carry, and acknowledgement IDs must not depend on who synthesized.
SYNTH_CONTEXT = {"aws:cdk:enable-path-metadata": True}

# Signals that stop a diff; held back while it cleans up.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# How long a synth process group may take to end after SIGTERM before it gets SIGKILL.
_STOP_GRACE_SECONDS = 3.0

# Run first in every child: drop the editable install's import hooks, so only the checkout is importable.
_ISOLATE = (
    "import sys; "
    "sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, '__module__', '').startswith('__editable__')]; "
    "sys.path_hooks[:] = [h for h in sys.path_hooks if not getattr(h, '__module__', '').startswith('__editable__')]; "
    "sys.path_importer_cache.clear(); "
)


@dataclass(frozen=True)
class EnvironmentStack:
    """A synthesized stack and the environment it belongs to."""

    environment: str
    stack: SynthesizedStack

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.environment, self.stack.region, self.stack.name)


@dataclass(frozen=True)
class Revision:
    """One side of a diff: its stacks and the acknowledgements its configs declare, per environment."""

    label: str
    stacks: tuple[EnvironmentStack, ...]
    acknowledgements: Mapping[str, tuple[Acknowledgement, ...]] = field(default_factory=dict)

    def environments(self) -> set[str]:
        return {s.environment for s in self.stacks}

    def by_key(self) -> dict[tuple[str, str, str], SynthesizedStack]:
        return {s.key: s.stack for s in self.stacks}


def environment_of(stack: SynthesizedStack) -> str:
    """``SmsEstate-prod-us-east-1`` (or a shard ``...-us-east-1-registrations-2``) -> ``prod``.

    A stack named any other way is its own environment.
    """
    before, after = stack_name("\0", stack.region).split("\0")
    end = stack.name.find(after, len(before) + 1)
    if stack.name.startswith(before) and end > len(before):
        return stack.name[len(before) : end]
    return stack.name


def _assembly_dirs(directory: Path) -> list[Path]:
    """A cloud assembly, or a folder of per-environment assemblies as ``./dev main`` writes them."""
    if (directory / "manifest.json").is_file():
        return [directory]
    found = sorted(child for child in directory.iterdir() if (child / "manifest.json").is_file())
    outside = [child for child in found if not child.resolve().is_relative_to(directory.resolve())]
    if outside:  # a symlink to an assembly elsewhere: only what is inside the given folder is read
        raise UserFacingError(
            [
                Problem(str(child), "", "leads outside the folder given to diff; only files inside it are read")
                for child in outside
            ]
        )
    if not found:
        raise UserFacingError(
            [Problem(str(directory), "", "is neither a cloud assembly nor a folder of them (no manifest.json found)")]
        )
    return found


def read_stacks(directory: Path, environments: Sequence[str] = ()) -> tuple[EnvironmentStack, ...]:
    """Every stack under ``directory``, optionally only those of ``environments``."""
    stacks = [
        EnvironmentStack(environment_of(stack), stack)
        for assembly_dir in _assembly_dirs(directory)
        for stack in read_assembly(assembly_dir).stacks
    ]
    return tuple(s for s in stacks if not environments or s.environment in environments)


def read_acknowledgements(config_dir: Path, environments: set[str]) -> dict[str, tuple[Acknowledgement, ...]]:
    """The ``acknowledge:`` entries of each environment's config (absent file: none)."""
    acknowledged: dict[str, tuple[Acknowledgement, ...]] = {}
    for name in sorted(environments):
        path = config_dir / f"{name}.yaml"
        if not path.is_file():
            continue
        entries = read_yaml_mapping(path).get("acknowledge") or []
        entries = entries if isinstance(entries, list) else []  # a malformed list is validate's to report
        acknowledged[name] = tuple(
            Acknowledgement(str(e.get("change", "")), str(e.get("reason", ""))) for e in entries if isinstance(e, dict)
        )
    return acknowledged


def _listed_environments(root: Path, wanted: Sequence[str]) -> list[str]:
    names = sorted(path.stem for path in (root / "config").glob("*.yaml"))
    return [name for name in names if not wanted or name in wanted]


def _child_environment(root: Path, temp: Path | None = None) -> dict[str, str]:
    env = offline_environment()
    env.update(PYTHONPATH=f"{root / 'constructs'}:{root / 'custom_resources'}", PYTHONDONTWRITEBYTECODE="1")
    if temp is not None:  # the child's temporary files land in the diff's scratch folder
        env.update(TMPDIR=str(temp), TEMP=str(temp), TMP=str(temp))
    return env


def _synth_environment(root: Path, name: str, out: Path, temp: Path | None) -> subprocess.Popen[str]:
    env = _child_environment(root, temp)
    env.update(CDK_OUTDIR=str(out), CDK_CONTEXT_JSON=json.dumps({"env": name, **SYNTH_CONTEXT}))
    command = [sys.executable, "-c", _ISOLATE + "import runpy; runpy.run_path('app.py', run_name='__main__')"]
    return subprocess.Popen(
        command,
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: jsii's Node runtime is stopped with it
    )


def stop_process_group(process: subprocess.Popen[str]) -> None:
    """End ``process`` and everything in its process group: SIGTERM, then SIGKILL after a grace period.

    The SIGKILL goes to the group even when the leader ended in time: a Node runtime it started may not have.
    """
    for sent in (signal.SIGTERM, signal.SIGKILL):
        with suppress(ProcessLookupError):  # nothing is left in the group
            os.killpg(process.pid, sent)
        if sent == signal.SIGTERM:
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=_STOP_GRACE_SECONDS)
    process.wait()


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGTERM and SIGINT back for the duration (they are delivered after it): cleanup runs whole."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _check_shadowing(root: Path) -> None:
    """Refuse to report a diff if the checkout's packages would not be the ones imported."""
    probe = _ISOLATE + (
        "import importlib.util as u; "
        "print(u.find_spec('sms_estate').origin); print(u.find_spec('sms_runtime').origin); "
        "print(u.find_spec('sms_estate.yaml_app.app_builder').origin)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=root,
        env=_child_environment(root),
        capture_output=True,
        text=True,
        check=False,
    )
    origins = [Path(line).resolve() for line in result.stdout.split()]
    if result.returncode != 0 or len(origins) != 3 or not all(o.is_relative_to(root.resolve()) for o in origins):
        raise UserFacingError(
            [Problem(str(root), "", f"its packages are not the ones Python imports there: {result.stdout.strip()}")]
        )


def synthesize_checkout(
    root: Path, out_root: Path, environments: Sequence[str] = (), label: str = "", temp: Path | None = None
) -> list[str]:
    """Synthesize each environment of the checkout at ``root`` into ``out_root/<env>``, in parallel.

    Whatever interrupts the wait (a signal turned into an exception, an error), no child outlives it.
    """
    _check_shadowing(root)
    names = _listed_environments(root, environments)
    running: dict[str, subprocess.Popen[str]] = {}
    problems = []
    try:
        for name in names:
            running[name] = _synth_environment(root, name, out_root / name, temp)
        for name, process in running.items():
            _, stderr = process.communicate()
            if process.returncode != 0:
                tail = " | ".join(line for line in stderr.strip().splitlines()[-5:])
                problems.append(
                    Problem(f"config/{name}.yaml", "", f"synthesis failed (exit {process.returncode}): {tail}")
                )
    finally:
        with deferred_signals():
            for process in running.values():
                if process.returncode is None:
                    stop_process_group(process)
    if problems:
        raise ConfigError(problems, headline=f"cannot synthesize {label or root} with its own code and config")
    return names


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder removed afterwards whatever happens, a signal during the removal included."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        with deferred_signals():
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def worktree(repo: Path, ref: str, checkout: Path) -> Iterator[Path]:
    """``ref`` checked out (detached) at ``checkout``, unregistered and removed afterwards whatever happens.

    The cleanup also covers an interrupted ``git worktree add``: ``prune`` forgets a worktree whose
    folder is gone, so ``git worktree list`` shows none of ours afterwards.
    """
    commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise UserFacingError([Problem(ref, "", "is neither a folder nor a git ref of this repository")])
    try:
        added = _git(repo, "worktree", "add", "--detach", "--quiet", str(checkout), commit.stdout.strip())
        if added.returncode != 0:
            raise UserFacingError([Problem(ref, "", f"git worktree add failed: {added.stderr.strip()}")])
        yield checkout
    finally:
        with deferred_signals():
            _git(repo, "worktree", "remove", "--force", str(checkout))
            shutil.rmtree(checkout, ignore_errors=True)
            _git(repo, "worktree", "prune")


def load_revision(spec: str | None, repo: Path, environments: Sequence[str] = ()) -> Revision:
    """A revision from a folder, a git ref, or (``None``) the working tree synthesized now."""
    if spec is not None and Path(spec).is_dir():
        stacks = read_stacks(Path(spec), environments)
        # A folder holds no config: acknowledgements come from the working tree's config.
        envs = {s.environment for s in stacks}
        return Revision(spec, stacks, read_acknowledgements(repo / "config", envs))
    with scratch_folder("sms-estate-diff-") as scratch:
        out, temp = scratch / "out", scratch / "tmp"
        out.mkdir()
        temp.mkdir()
        if spec is None:
            return _synthesized(WORKING_TREE, repo, out, environments, temp)
        with worktree(repo, spec, scratch / "checkout") as checkout:
            return _synthesized(spec, checkout, out, environments, temp)


def _synthesized(label: str, root: Path, out: Path, environments: Sequence[str], temp: Path) -> Revision:
    names = synthesize_checkout(root, out, environments, label, temp)
    stacks = tuple(s for name in names for s in read_stacks(out / name, [name]))
    return Revision(label, stacks, read_acknowledgements(root / "config", set(names)))
