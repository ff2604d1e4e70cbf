"""The one way this package declares a Lambda function running the ``sms_runtime`` package.

The custom-resource handlers, the bulk rollout's row step and starter, and the registration tracker
all run the same asset on the same runtime; declaring them in one place keeps their runtime,
architecture, memory and log retention from drifting apart.

The asset is the ``sms_runtime`` package alone, found through the import system (a wheel installed in
site-packages, an editable install or this repository alike), never through the repository's layout.
It is copied once per process, without bytecode caches, into a staging folder named by a digest of its
content (``sms-estate-runtime-<digest>/sms_runtime``): the handler strings stay ``sms_runtime.handlers...``,
the asset holds nothing of site-packages around it, and the asset hash depends on the runtime's files
alone, exactly as when the repository's ``custom_resources/`` folder was the asset.

Every function gets its own log group with a retention, and its role may write to that group alone
(``logs:CreateLogStream``, ``logs:PutLogEvents`` on the group's ARN): the handlers' decision lines
(``sms_runtime.decision_log``) are the only record of what a deploy bought, released or submitted, so a
role that cannot write them must not exist. ``tests/yaml_app/stacks/test_function_logging.py`` walks every
synthesized template for it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

RUNTIME_PACKAGE = "sms_runtime"
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
    for relative in runtime_files(package_dir):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package_dir / relative, target / relative)


@cache
def staged_runtime() -> Path:
    """A folder holding a copy of ``sms_runtime`` only, named by its content's digest; made once per process.

    Why a copy: an installed package's parent is site-packages, which must not become the asset. Why
    named by the digest: every synth of the same code reuses one folder instead of leaving a new one.
    A folder already there is used only if its content still has that digest (``/tmp`` is shared);
    otherwise a private folder is staged for this process.
    """
    package_dir = runtime_package_dir()
    digest = _digest(package_dir)
    root = Path(tempfile.gettempdir())
    final = root / f"sms-estate-runtime-{digest[:32]}"
    if _holds(final, digest):
        return final
    scratch = Path(tempfile.mkdtemp(prefix="sms-estate-runtime-staging-", dir=root))
    _copy(package_dir, scratch / RUNTIME_PACKAGE)
    try:
        scratch.rename(final)  # atomic: another process sees the whole folder or none
    except OSError:  # already there: staged by a concurrent process (then use it), or stale (keep our copy)
        if not _holds(final, digest):
            return scratch
        shutil.rmtree(scratch, ignore_errors=True)
    return final


def _holds(folder: Path, digest: str) -> bool:
    """Whether ``folder`` holds the runtime package with exactly the content of ``digest``."""
    try:
        return (folder / RUNTIME_PACKAGE).is_dir() and _digest(folder / RUNTIME_PACKAGE) == digest
    except OSError:  # unreadable (another user's folder): not ours to use
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
) -> lambda_.Function:
    """Python 3.14 on arm64, 256 MB; without ``log_group``, a ``<id>Logs`` group kept one year.

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
        memory_size=256,
        log_group=group,
        environment=dict(environment) if environment else None,
        layers=list(layers) if layers else None,
        description=description,
    )
