"""The command line: one entry point, clear output, exit codes a script can rely on."""

from __future__ import annotations

import pytest

from sms_estate.cli.main import COMMAND_MODULES, main


def test_validate_summarizes_a_valid_environment(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "prod"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == (
        "prod: valid; account 333333333333, regions us-east-1, us-west-2; 2 configuration sets, "
        "2 opt-out lists, 2 pools, 3 phone numbers, 3 registrations"
    )


def test_validate_of_a_missing_environment_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "nowhere"]) == 2
    assert capsys.readouterr().err.strip() == "error: config/nowhere.yaml: file not found"


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for module in COMMAND_MODULES:
        name = module.rsplit(".", 1)[-1].replace("_", "-")
        assert name in out, name
