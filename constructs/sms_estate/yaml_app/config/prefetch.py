"""Check an environment's config in a forked process while the CDK runtime starts.

Why: the config checks (YAML, JSON Schema, semantic checks, registration lint) are pure Python and
take about a second for an environment of 300 registrations; importing ``aws_cdk`` and ``cdk_nag``
starts jsii's Node runtime and loads their assemblies, about as long again and mostly spent in Node.
Forked before ``aws_cdk`` is imported, a child process runs the checks on another core meanwhile;
the parent then only unpickles the result (a few milliseconds). The checks' own modules are imported
by the child alone (this module imports none of them), so the fork happens at once.

Nothing changes in what is checked or how it is reported: the child runs ``load_environment``, the
one entry point of the checks, and a config error reaches the caller as the same exception, raised
before any construct exists. The name is a guess made before the CDK app exists (see
``guess_environment_name``); ``result`` is asked with the name the app resolved, and a wrong guess, a
platform without ``fork`` or a child that failed for any other reason fall back to loading in-process,
where any unexpected error surfaces as it always did.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sms_estate.yaml_app.cdk_json import cdk_json_context
from sms_estate.yaml_app.errors import UserFacingError

if TYPE_CHECKING:
    from sms_estate.yaml_app.config.model import Environment

DEFAULT_ENVIRONMENT = "dev"


def guess_environment_name(root: Path | None = None) -> str:
    """The ``env`` context as the CDK app will see it, read without the CDK.

    The CDK CLI passes its context (``cdk.json`` and ``-c`` options merged) in ``CDK_CONTEXT_JSON``;
    ``python app.py`` alone sees the context of ``cdk.json`` in ``root`` (default: the project being
    run, ``cdk_json.project_dir``). Only a guess: the caller checks it.
    """
    try:
        cli_context = json.loads(os.environ.get("CDK_CONTEXT_JSON") or "{}")
    except ValueError:
        cli_context = {}
    try:
        file_context = cdk_json_context(root)
    except (OSError, ValueError, UserFacingError):  # no readable cdk.json: the app reports it itself
        file_context = {}
    for context in (cli_context, file_context):
        if isinstance(context, dict) and "env" in context:
            return str(context["env"])
    return DEFAULT_ENVIRONMENT


class ConfigPrefetch:
    """A config check running in a forked child; ``result(name)`` returns what ``load_environment`` would."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._pid: int | None = None
        self._read_fd: int | None = None
        if hasattr(os, "fork"):
            self._start()

    def _start(self) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: check, send the outcome, and leave without running the parent's exit code
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(_outcome_of(self.name))
            os._exit(0)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    def result(self, name: str) -> Environment:
        """The environment ``name``; raises the ``UserFacingError`` that loading it raises."""
        outcome = self._collect()
        if name == self.name and outcome is not None:
            kind, payload = outcome
            if kind == "error":
                error_type, problems, headline = payload
                raise error_type(problems, headline=headline)
            if kind == "environment":
                return payload  # type: ignore[no-any-return]
        # A wrong guess, no fork, or a child that failed unexpectedly: load here, where errors surface.
        return _load_in_this_process(name)

    def _collect(self) -> tuple[str, Any] | None:
        if self._read_fd is None or self._pid is None:
            return None
        with os.fdopen(self._read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self._pid, 0)
        self._read_fd = self._pid = None
        try:
            return pickle.loads(data)  # type: ignore[no-any-return]
        except Exception:  # an empty or cut-off message: the child died
            return None


def _load_in_this_process(name: str) -> Environment:
    from sms_estate.yaml_app.config.loader import load_environment  # the checks' modules: only where they run

    return load_environment(name)


def _outcome_of(name: str) -> bytes:
    """What the child sends: the environment, the user-facing error's parts, or that it failed."""
    outcome: tuple[str, Any]
    try:
        outcome = ("environment", _load_in_this_process(name))
    except UserFacingError as error:
        outcome = ("error", (type(error), error.problems, error.headline))
    except BaseException:  # the parent's own in-process load reports it
        outcome = ("failed", None)
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something unpicklable: the parent loads in-process
        return pickle.dumps(("failed", None))
