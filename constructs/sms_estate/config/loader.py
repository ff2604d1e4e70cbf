"""Load one environment: read YAML, validate against the JSON Schema, run semantic checks, build the model.

Nothing is built from a config that has any error; all errors of a file are reported at once.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from sms_estate.config.model import Environment, build_environment
from sms_estate.config.overrides import check_override_regions, regional_document
from sms_estate.config.registration_lint import CHECKS_WITH_LINT
from sms_estate.config.semantic import Findings, run_checks
from sms_estate.config.yaml_source import read_yaml_mapping
from sms_estate.errors import ConfigError, Problem

CONFIG_DIR = Path(__file__).resolve().parents[3] / "config"


def package_schema() -> dict[str, Any]:
    """The environment file's JSON Schema (Draft 2020-12), as shipped in the package."""
    text = resources.files("sms_estate.config").joinpath("schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    """Built without ``check_schema``: checking the schema against the meta-schema costs 0.1 s per
    synth, so a test does it once (``tests/config/test_schema.py``) instead."""
    return jsonschema.Draft202012Validator(package_schema())


def render_path(parts: Iterable[Any]) -> str:
    """``["pools", 0, "keywords"]`` -> ``pools[0].keywords``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_message(error: ValidationError) -> str:
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


def environment_file(name_or_path: str | Path, config_dir: Path = CONFIG_DIR) -> Path:
    """Accept an environment name (``prod``) or a path to a YAML file."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.parent != Path():
        return candidate
    return config_dir / f"{name_or_path}.yaml"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_environment(name_or_path: str | Path, config_dir: Path = CONFIG_DIR) -> Environment:
    """Return the validated environment or raise ConfigError listing every problem found."""
    path = environment_file(name_or_path, config_dir)
    shown = _display(path)
    data = read_yaml_mapping(path, display=shown)
    problems = _schema_problems(data, shown)
    if problems:
        raise ConfigError(problems, headline=f"{shown} does not match the config schema")
    findings = run_checks(data, path, CHECKS_WITH_LINT)
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


def list_environments(config_dir: Path = CONFIG_DIR) -> list[str]:
    """Environment names: every ``*.yaml`` directly in the config folder, sorted."""
    return sorted(path.stem for path in config_dir.glob("*.yaml"))
