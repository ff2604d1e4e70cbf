"""Load one environment: read YAML, validate against the JSON Schema, run semantic checks, build the model.

Nothing is built from a config that has any error; all errors of a file are reported at once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema.protocols
import jsonschema.validators
from jsonschema.exceptions import ValidationError

from sms_estate.yaml_app.cdk_json import project_dir
from sms_estate.yaml_app.config.contracts import check_contracts
from sms_estate.yaml_app.config.json_schema import ecma_regex, package_schema
from sms_estate.yaml_app.config.limits import MAX_SHOWN_VALUE_CHARS, shown_value
from sms_estate.yaml_app.config.model import Environment, build_environment
from sms_estate.yaml_app.config.overrides import check_override_regions, regional_document
from sms_estate.yaml_app.config.registration_lint import CHECKS_WITH_LINT
from sms_estate.yaml_app.config.semantic import Findings, run_checks
from sms_estate.yaml_app.config.support import AFTER_LINT, BEFORE_LINT
from sms_estate.yaml_app.config.yaml_source import read_yaml_mapping
from sms_estate.yaml_app.errors import ConfigError, Problem


def project_config_dir() -> Path:
    """``config/`` of the CDK app being run (``cdk_json.project_dir``), found at call time, not import time."""
    return project_dir() / "config"


def _ecma_pattern(
    validator: jsonschema.protocols.Validator, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """The ``pattern`` keyword with ECMA 262 semantics (see :func:`ecma_regex`); jsonschema uses ``re.search``."""
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_SchemaValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"pattern": _ecma_pattern}
)


@cache
def _validator() -> jsonschema.protocols.Validator:
    """Built without ``check_schema``: checking the schema against the meta-schema costs 0.1 s per
    synth, so a test does it once (``tests/yaml_app/config/test_schema.py``) instead."""
    validator: jsonschema.protocols.Validator = _SchemaValidator(package_schema())
    return validator


def _bounded(message: str, instance: Any) -> str:
    """``message`` with the offending value shortened: a megabyte string or an expanded alias must not
    be printed whole (nor a key the size of one), whatever jsonschema quoted."""
    if len(message) <= 3 * MAX_SHOWN_VALUE_CHARS:
        return message
    full = repr(instance)
    if len(full) > MAX_SHOWN_VALUE_CHARS and full in message:
        message = message.replace(full, shown_value(instance))
    if len(message) > 3 * MAX_SHOWN_VALUE_CHARS:
        message = f"{message[: 2 * MAX_SHOWN_VALUE_CHARS]} ... {message[-MAX_SHOWN_VALUE_CHARS:]}"
    return message


def render_path(parts: Iterable[Any]) -> str:
    """``["pools", 0, "keywords"]`` -> ``pools[0].keywords``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_message(error: ValidationError) -> str:
    return _bounded(_raw_schema_message(error), error.instance)


def _raw_schema_message(error: ValidationError) -> str:
    if error.validator == "additionalProperties" or error.validator == "unevaluatedProperties":
        return f"unknown key: {error.message.split('(')[-1].rstrip(')')}" if "(" in error.message else error.message
    if error.validator == "required":
        return f"missing required key: {error.message.split(' is a required')[0]}"
    if error.validator == "type" and list(error.absolute_path)[-2:-1] == ["fields"]:
        return "must be a string (TEXT field) or a list of strings (SELECT field)"
    return error.message


def _explained_elsewhere(error: ValidationError, errors: list[ValidationError]) -> bool:
    """An "unevaluated" key whose own value failed is reported once, as that failure."""
    if error.validator != "unevaluatedProperties":
        return False
    keys = re.findall(r"'([^']+)'", error.message)
    base = list(error.absolute_path)
    return all(any(list(other.absolute_path)[: len(base) + 1] == [*base, key] for other in errors) for key in keys)


def _schema_problems(data: dict[str, Any], shown: str) -> list[Problem]:
    errors = list(_validator().iter_errors(data))
    errors = [error for error in errors if not _explained_elsewhere(error, errors)]
    errors.sort(key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [
        Problem(shown, render_path(error.absolute_path) or "(top level)", _schema_message(error)) for error in errors
    ]


def environment_file(name_or_path: str | Path, config_dir: Path | None = None) -> Path:
    """Accept an environment name (``prod``, in ``config_dir``, default the project's) or a path to a YAML file."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.parent != Path():
        return candidate
    return (config_dir or project_config_dir()) / f"{name_or_path}.yaml"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_environment(name_or_path: str | Path, config_dir: Path | None = None) -> Environment:
    """Return the validated environment or raise ConfigError listing every problem found."""
    path = environment_file(name_or_path, config_dir)
    shown = _display(path)
    data = read_yaml_mapping(path, display=shown)
    return check_document(data, path, shown)


def schema_problems(data: dict[str, Any], shown: str) -> list[Problem]:
    """The schema's verdict alone, for a document built in memory (``import-csv`` maps it to CSV rows)."""
    return _schema_problems(data, shown)


def check_document(data: dict[str, Any], path: Path, shown: str) -> Environment:
    """What ``load_environment`` checks, on a document already in memory (``path``: where it lives or will).

    Why separate: ``import-csv`` must pass exactly the checks of ``validate`` before it writes a byte.
    """
    problems = _schema_problems(data, shown)
    if problems:
        raise ConfigError(problems, headline=f"{shown} does not match the config schema")
    findings = run_checks(data, path, (*BEFORE_LINT, *CHECKS_WITH_LINT, *AFTER_LINT, check_contracts))
    check_override_regions(data, findings)
    regional = _regional_documents(data, path, findings)
    if findings.errors:
        raise ConfigError(
            [Problem(shown, p, m) for p, m in sorted(set(findings.errors))], headline=f"{shown} is invalid"
        )
    environment = build_environment(data, path)
    return dataclasses.replace(
        environment,
        warnings=tuple(Problem(shown, p, m) for p, m in findings.warnings),
        regional={region: build_environment(doc, path) for region, doc in regional.items()},
    )


def _regional_documents(data: dict[str, Any], path: Path, findings: Findings) -> dict[str, dict[str, Any]]:
    """Each overridden region's merged document, checked like the declared one."""
    documents = {}
    for region in data.get("region_overrides", {}):
        if region not in data["regions"]:
            continue
        merged = regional_document(data, region, findings)
        for where, message in run_checks(merged, path).errors:
            findings.error(where, f"{message} (in {region}, after region_overrides)")
        documents[region] = merged
    return documents


def list_environments(config_dir: Path | None = None) -> list[str]:
    """Environment names: every ``*.yaml`` directly in the config folder (default the project's), sorted."""
    return sorted(path.stem for path in (config_dir or project_config_dir()).glob("*.yaml"))
