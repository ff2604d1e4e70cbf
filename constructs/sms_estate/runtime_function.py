"""The one way this package declares a Lambda function running the ``sms_runtime`` package.

The custom-resource handlers, the bulk rollout's row step and starter, and the registration tracker
all run the same asset on the same runtime; declaring them in one place keeps their runtime,
architecture, memory and log retention from drifting apart.

The asset is the ``sms_runtime`` package alone, found through the import system (a wheel installed in
site-packages, an editable install or this repository alike), never through the repository's layout.
It is copied once per process, without bytecode caches, into a folder of the user's cache named by a digest
of its content (``~/.cache/sms-estate/runtime-<digest>/sms_runtime``, see ``staged_runtime``): the handler
strings stay ``sms_runtime.handlers...``, the asset holds nothing of site-packages around it, and the
asset hash depends on the runtime's files alone, exactly as when the repository's ``custom_resources/``
folder was the asset.

Every function gets its own log group with a retention, and its role may write to that group alone
(``logs:CreateLogStream``, ``logs:PutLogEvents`` on the group's ARN): the handlers' decision lines
(``sms_runtime.decision_log``) are the only record of what a deploy bought, released or submitted, so a
role that cannot write them must not exist. ``tests/yaml_app/stacks/test_function_logging.py`` walks every
synthesized template for it.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import os
import shutil
import stat
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

RUNTIME_PACKAGE = "sms_runtime"
# A staged runtime no synth has used for this long is removed when another one is staged: each version of
# the package stages its own folder, and a developer's cache would otherwise keep one per change forever.
UNUSED_STAGING_SECONDS = 30 * 24 * 3600
_CACHES = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache"})
_NOT_RUN = frozenset({"py.typed"})  # the PEP 561 marker is for type checkers; Lambda never reads it


def runtime_package_dir() -> Path:
    """Where Python imports ``sms_runtime`` from: the one folder of the installed (or editable) package."""
    spec = importlib.util.find_spec(RUNTIME_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) != 1 or not Path(locations[0]).is_dir():
        raise RuntimeError(f"the {RUNTIME_PACKAGE} package is not installed as one folder (found: {locations})")
    return Path(locations[0]).resolve()


def runtime_files(package_dir: Path) -> Iterator[Path]:
    """Every file of the package the Lambda function runs, relative to it, sorted; no bytecode or caches."""
    for path in sorted(package_dir.rglob("*")):
        relative = path.relative_to(package_dir)
        cached = path.suffix == ".pyc" or _CACHES.intersection(relative.parts)
        if path.is_file() and not cached and relative.as_posix() not in _NOT_RUN:
            yield relative


def _digest(package_dir: Path) -> str:
    digest = hashlib.sha256()
    for relative in runtime_files(package_dir):
        digest.update(f"{relative.as_posix()}\0".encode())
        digest.update(hashlib.sha256((package_dir / relative).read_bytes()).digest())
    return digest.hexdigest()


def _copy(package_dir: Path, target: Path) -> None:
    """Copy the runtime's files: folders 0755, files 0644 whatever the umask (Lambda reads them as another user)."""
    for relative in runtime_files(package_dir):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package_dir / relative, target / relative)
        (target / relative).chmod(0o644)
    for folder in [target, *(path for path in target.rglob("*") if path.is_dir())]:
        folder.chmod(0o755)


class _NotPrivateError(Exception):
    """The per-user cache cannot be trusted (another owner, writable by others, a symbolic link)."""


def _private_folder(folder: Path) -> None:
    """Refuse ``folder`` unless it is a real folder of this user that nobody else may write to."""
    status = folder.lstat()
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o022:
        raise _NotPrivateError(str(folder))


def _cache_root() -> Path:
    """``$XDG_CACHE_HOME/sms-estate`` (else ``~/.cache/sms-estate``), made 0700; it and its parent checked private."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(configured) if Path(configured).is_absolute() else Path.home() / ".cache"  # XDG: relative is ignored
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    _private_folder(base)  # before writing in it
    root = base / "sms-estate"
    root.mkdir(mode=0o700, exist_ok=True)
    _private_folder(root)
    return root


@cache
def staged_runtime() -> Path:
    """A folder holding a copy of ``sms_runtime`` only, named by its content's digest; made once per process.

    Why a copy: an installed package's parent is site-packages, which must not become the asset. Why
    in the user's cache, named by the digest: every synth of the same code reuses one folder, and no
    other local user can write where it lives (a folder another user could swap files in between our
    check and CDK's copy would deploy their code as our Lambda function). When that cache cannot be
    trusted, a private temporary folder serves this process and is removed when it exits.
    """
    package_dir = runtime_package_dir()
    digest = _digest(package_dir)
    try:
        return _stage_in_cache(package_dir, digest, _cache_root())
    except (OSError, _NotPrivateError):
        private = Path(tempfile.mkdtemp(prefix="sms-estate-runtime-"))  # 0700, a name nobody can predict
        atexit.register(shutil.rmtree, private, ignore_errors=True)
        _copy(package_dir, private / RUNTIME_PACKAGE)
        return private


def _stage_in_cache(package_dir: Path, digest: str, root: Path) -> Path:
    """``root/runtime-<digest>``: reused if intact and private, else built in a private sibling and renamed in.

    The rename is atomic, so another process sees the whole folder or none; when two processes stage
    at once, the second finds the first one's intact folder and uses it. A folder that is stale,
    tampered with or not private is renamed aside and removed, never used and never left to pile up.
    """
    final = root / f"runtime-{digest[:32]}"
    with contextlib.suppress(OSError):
        os.utime(final)  # used now, before it is checked: the pruning of unused folders leaves it alone
    if _intact(final, digest):
        return final
    scratch = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        _copy(package_dir, scratch / RUNTIME_PACKAGE)
        for _ in range(3):
            try:
                scratch.rename(final)  # fails while a folder of that name (not empty) is there
                _prune_unused(root, final)
                return final
            except OSError:
                if _intact(final, digest):  # staged by a concurrent process in the meantime
                    return final
                _remove(final, root, digest)
        raise _NotPrivateError(str(final))  # never settled: another writer keeps replacing it
    finally:
        shutil.rmtree(scratch, ignore_errors=True)  # gone already when it became the final folder


def _prune_unused(root: Path, kept: Path) -> None:
    """Remove the other staged runtimes no synth has used for :data:`UNUSED_STAGING_SECONDS`.

    Run when a new version is staged (a synth of the same code reuses its folder and prunes nothing). A
    folder in use by another checkout is touched by each of its synths before they check it, so only
    long-abandoned ones go; each is renamed aside first (a concurrent synth never sees half of one) and put
    back if a synth marked it used in the meantime.
    """
    cutoff = time.time() - UNUSED_STAGING_SECONDS
    for folder in root.glob("runtime-*"):
        with contextlib.suppress(OSError):
            if folder == kept or not folder.is_dir() or folder.is_symlink() or folder.stat().st_mtime >= cutoff:
                continue
            aside = root / f".stale-{uuid.uuid4().hex}"
            folder.rename(aside)
            if aside.stat().st_mtime >= cutoff:  # a synth marked it used meanwhile: it stays
                aside.rename(folder)
                continue
            shutil.rmtree(aside, ignore_errors=True)


def _remove(folder: Path, root: Path, digest: str) -> None:
    """Rename ``folder`` aside (atomically, under an unguessable name in the private root), then delete it.

    If what was renamed aside turns out intact, a concurrent process placed it after our check: it is
    put back for everyone to use instead of being deleted.
    """
    aside = root / f".stale-{uuid.uuid4().hex}"
    try:
        folder.rename(aside)
    except FileNotFoundError:  # removed by a concurrent process
        return
    if _intact(aside, digest):
        with contextlib.suppress(OSError):  # else: another intact folder is in place already
            aside.rename(folder)
            return
    if aside.is_dir() and not aside.is_symlink():
        shutil.rmtree(aside, ignore_errors=True)
    else:
        aside.unlink(missing_ok=True)


def _intact(folder: Path, digest: str) -> bool:
    """Whether ``folder`` is private and holds exactly the runtime files of ``digest``: nothing more, no links."""
    staged = folder / RUNTIME_PACKAGE
    try:
        for path in (folder, staged):
            _private_folder(path)
        if [path.name for path in folder.iterdir()] != [RUNTIME_PACKAGE]:
            return False
        entries = list(staged.rglob("*"))
        if any(path.is_symlink() or (path.is_dir() and path.stat().st_mode & 0o022) for path in entries):
            return False
        files = {path.relative_to(staged) for path in entries if path.is_file()}
        return files == set(runtime_files(staged)) and _digest(staged) == digest
    except (OSError, _NotPrivateError):  # absent, unreadable or another user's: not ours to use
        return False


def runtime_code() -> lambda_.Code:
    """The ``sms_runtime`` package as a Lambda asset (stdlib + boto3 code only, no caches)."""
    return lambda_.Code.from_asset(str(staged_runtime()))


def runtime_function(
    scope: Construct,
    construct_id: str,
    *,
    handler: str,
    role: iam.IRole,
    timeout: cdk.Duration,
    description: str,
    code: lambda_.Code | None = None,
    log_group: logs.ILogGroup | None = None,
    environment: Mapping[str, str] | None = None,
    layers: Sequence[lambda_.ILayerVersion] | None = None,
    memory_size: int = 256,
) -> lambda_.Function:
    """Python 3.14 on arm64, 256 MB unless ``memory_size`` (CPU grows with it); without ``log_group``, a
    ``<id>Logs`` group kept one year.

    ``role`` is granted writing to the log group either way (CDK skips an imported role, which must
    then allow it itself).
    """
    group = log_group or logs.LogGroup(scope, f"{construct_id}Logs", retention=logs.RetentionDays.ONE_YEAR)
    group.grant_write(role)
    return lambda_.Function(
        scope,
        construct_id,
        runtime=lambda_.Runtime.PYTHON_3_14,
        architecture=lambda_.Architecture.ARM_64,
        handler=handler,
        code=code or runtime_code(),
        role=role,
        timeout=timeout,
        memory_size=memory_size,
        log_group=group,
        environment=dict(environment) if environment else None,
        layers=list(layers) if layers else None,
        description=description,
    )
