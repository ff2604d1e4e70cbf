"""``status`` without network: one clean line and exit 2 within seconds (it was a traceback after 294 s)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import boto3
import pytest

from sms_estate.cli.main import main

SECONDS = 20.0  # three connection failures with the Api's jittered backoff (0-1 s, 0-2 s) plus start-up


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: every connection is refused at once, as with no network."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_no_network_is_one_line_and_exit_2_quickly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], closed_port: int
) -> None:
    # The command builds boto3's default session with these credentials; restore the old one afterwards, or
    # later tests would inherit a session that has credentials.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    endpoint = f"http://127.0.0.1:{closed_port}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    started = time.monotonic()
    code = main(["status", "dev"])
    took = time.monotonic() - started
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == (
        f'error: config/dev.yaml: cannot reach the SMS API: Could not connect to the endpoint URL: "{endpoint}/"\n'
    )
    assert captured.out == ""  # nothing printed, nothing written: status only reads
    assert took < SECONDS
