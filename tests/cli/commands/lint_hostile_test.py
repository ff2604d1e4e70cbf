"""Hostile and careless files given to ``sms-estate lint`` (issue 13): each is one exact clean error.

For each: the exact ``error: file: where: message`` line, exit 2 (the lint's findings exit 1), no
traceback, a time bound, and nothing written next to the input.
"""

from __future__ import annotations

import json
import os
import pathlib
import time

import pytest
import yaml
from support.lint_samples import FIELDS

from sms_estate.cli.commands import lint as lint_command
from sms_estate.cli.main import main

BOUND_SECONDS = 5.0  # CPU seconds; each case takes milliseconds when bounded, minutes or a crash when not


def _run(path: pathlib.Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    before = sorted(p.name for p in path.parent.iterdir())
    started = time.process_time()
    code = main(["lint", str(path), *extra])
    elapsed = time.process_time() - started
    out, err = capsys.readouterr()
    assert elapsed < BOUND_SECONDS, f"lint took {elapsed:.1f}s"
    assert sorted(p.name for p in path.parent.iterdir()) == before, "lint wrote a file"
    assert "Traceback" not in out + err
    return code, out, err


def _write(tmp_path: pathlib.Path, name: str, text: str) -> pathlib.Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "line 1"),
        ("deep-object.json", '{"a": ' * 5_000 + "1" + "}" * 5_000, "line 1"),
        ("deep-block.yaml", "- " * 5_000 + "x\n", "line 1"),
    ],
)
def test_nesting_past_the_limit_is_one_clean_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], name: str, text: str, where: str
) -> None:
    path = _write(tmp_path, name, text)
    code, out, err = _run(path, capsys)
    assert (code, out) == (2, "")
    assert err == f"error: {path}: {where}: nested deeper than {lint_command.MAX_DEPTH} levels\n"


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    path = _write(tmp_path, "bomb.yaml", "\n".join(lines) + "\nfields: {}\n")
    code, out, err = _run(path, capsys)
    assert (code, out) == (2, "")
    assert err == f"error: {path}: line 6: more than {lint_command.MAX_NODES:,} values once aliases are expanded\n"


def test_a_file_over_the_size_limit_is_not_read(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(lint_command.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    code, out, err = _run(path, capsys)
    assert (code, out) == (2, "")
    assert err == f"error: {path}: the file is larger than {lint_command.MAX_FILE_BYTES:,} bytes, the most lint reads\n"


def test_a_fifo_is_refused_not_waited_on(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    code, out, err = _run(path, capsys)
    assert (code, out, err) == (2, "", f"error: {path}: not a regular file\n")


def test_an_attachment_that_is_a_fifo_or_outside_the_folder_is_an_input_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    os.mkfifo(folder / "optin.png")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    image = "messagingUseCase.optInImage"
    for target, message in (
        ("optin.png", "cannot read the file: not a regular file"),
        ("../secret.png", "the path leads outside the config file's folder"),
        (str(tmp_path / "secret.png"), "the path leads outside the config file's folder"),
    ):
        entry = {"name": "r", "fields": dict(FIELDS), "attachments": {image: target}}
        path = _write(folder, "entry.yaml", yaml.safe_dump(entry))
        code, out, err = _run(path, capsys)
        assert (code, out, err) == (2, "", f"error: {path}: attachments.{image}: {message}\n")


@pytest.mark.parametrize(
    ("document", "where", "message"),
    [
        (
            {"fields": dict(FIELDS), "number_count": "9" * 5_000},
            "number_count",
            "expected a whole number from 1 to 10,000",
        ),
        (
            {"RegistrationFieldValues": [{"FieldPath": "companyInfo.businessType", "SelectChoices": 7}]},
            "RegistrationFieldValues[0].SelectChoices",
            "expected a list of strings",
        ),
    ],
)
def test_careless_values_are_clean_input_errors(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], document: dict[str, object], where: str, message: str
) -> None:
    path = _write(tmp_path, "entry.json", json.dumps(document))
    code, out, err = _run(path, capsys)
    assert (code, out, err) == (2, "", f"error: {path}: {where}: {message}\n")


def test_not_utf8_is_a_clean_error(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"fields: {companyInfo.city: M\xfcnchen}\n")
    code, out, err = _run(path, capsys)
    assert (code, out, err) == (2, "", f"error: {path}: not UTF-8 text (byte 28)\n")


def test_a_40k_name_ending_in_a_bang_is_one_finding_in_milliseconds(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's reproduction: minutes before; now the length limit answers at once."""
    fields = {**FIELDS, "companyInfo.companyName": "a" * 40_000 + "!"}
    path = _write(tmp_path, "entry.json", json.dumps({"name": "long", "fields": fields}))
    code, out, err = _run(path, capsys, "--format", "json")
    assert (code, err) == (1, "")
    findings = json.loads(out)["findings"]
    assert [(f["rule"], f["field"]) for f in findings] == [("TFN-INPUT-TOO-LONG", "companyInfo.companyName")]
    assert "aaaa" not in out  # no excerpt of a company field, not even locally
