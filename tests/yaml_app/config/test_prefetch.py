"""The forked config check gives exactly what loading in-process gives, and falls back when it cannot."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sms_estate.yaml_app.config import load_environment, prefetch
from sms_estate.yaml_app.config.prefetch import ConfigPrefetch, guess_environment_name
from sms_estate.yaml_app.errors import ConfigError

BROKEN = Path(__file__).parent / "broken"


def test_prefetched_environment_equals_the_in_process_one(monkeypatch: pytest.MonkeyPatch) -> None:
    pending = ConfigPrefetch("prod")

    def not_here(name: str) -> None:
        raise AssertionError("the parent loaded the config itself")

    monkeypatch.setattr(prefetch, "_load_in_this_process", not_here)  # the child was forked before this
    environment = pending.result("prod")
    monkeypatch.undo()
    assert environment == load_environment("prod")


def test_a_config_error_comes_back_as_the_same_error() -> None:
    path = str(BROKEN / "several-errors-at-once.yaml")
    with pytest.raises(ConfigError) as in_process:
        load_environment(path)
    with pytest.raises(ConfigError) as prefetched:
        ConfigPrefetch(path).result(path)
    assert prefetched.value.render() == in_process.value.render()
    assert prefetched.value.exit_code == in_process.value.exit_code == 2


def test_a_name_other_than_the_guess_is_loaded_in_process() -> None:
    assert ConfigPrefetch("dev").result("staging") == load_environment("staging")


def test_a_child_that_dies_falls_back_to_loading_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def die(name: str) -> bytes:
        os._exit(3)

    monkeypatch.setattr(prefetch, "_outcome_of", die)  # runs in the forked child
    assert ConfigPrefetch("dev").result("dev") == load_environment("dev")


def test_guess_prefers_the_cli_context_then_cdk_json_then_dev(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cdk_json = tmp_path / "cdk.json"
    monkeypatch.delenv("CDK_CONTEXT_JSON", raising=False)
    assert guess_environment_name(tmp_path) == "dev"  # no cdk.json at all
    cdk_json.write_text(json.dumps({"app": "python app.py", "context": {"env": "staging"}}))
    assert guess_environment_name(tmp_path) == "staging"
    monkeypatch.setenv("CDK_CONTEXT_JSON", json.dumps({"env": "prod"}))
    assert guess_environment_name(tmp_path) == "prod"
    monkeypatch.setenv("CDK_CONTEXT_JSON", "not json")
    assert guess_environment_name(tmp_path) == "staging"
