"""A corpus of broken configs: each gives its expected `file: path: message` lines, exit 2, no traceback.

Each file under ``broken/`` states what it expects in ``# expect: PATH: MESSAGE`` header lines
(``(file)`` for problems of the file as a whole); the message is matched as a prefix.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sms_estate.cli.main import main

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(BROKEN.glob("*.yaml"))


def expectations(path: Path) -> list[str]:
    lines = [
        line.removeprefix("# expect: ").strip()
        for line in path.read_text().splitlines()
        if line.startswith("# expect: ")
    ]
    assert lines, f"{path.name} states no expectation"
    shown = str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)
    rendered = []
    for line in lines:
        where, message = line.split(": ", 1)
        rendered.append(f"error: {shown}: {message}" if where == "(file)" else f"error: {shown}: {where}: {message}")
    return rendered


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_broken_config_gives_its_expected_error(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert exit_code == 2
    assert "Traceback" not in err
    lines = err.splitlines()
    for expected in expectations(path):
        assert any(line.startswith(expected) for line in lines), f"missing {expected!r} in:\n{err}"


@pytest.mark.parametrize("name", ["malformed-yaml", "event-type-typo", "several-errors-at-once"])
def test_broken_config_fails_cleanly_as_a_process(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sms_estate.cli.main", "validate", str(BROKEN / f"{name}.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
