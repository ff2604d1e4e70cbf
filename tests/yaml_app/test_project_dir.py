"""The app reads the ``cdk.json`` and ``config/`` of the directory it runs in, not those beside the package.

Each test runs on a copy of the samples in a temp folder, changed so that its output can only come
from the copy: ``app.py`` run there synthesizes the copy's account and names, ``sms-estate validate``
run from a subfolder reports the copy's values or the copy's broken file, and a folder without any
``cdk.json`` above it gets one clean error, never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.repo_paths import CONFIG_DIR, REPO_ROOT

from sms_estate.yaml_app.cdk_json import cdk_json_context, project_dir
from sms_estate.yaml_app.config import list_environments, load_environment, project_config_dir
from sms_estate.yaml_app.errors import UserFacingError

NO_PROJECT = "no cdk.json in {} or its parents: run from your CDK app's directory"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample project (cdk.json, config/) whose dev environment has its own account and name."""
    root = tmp_path / "project"
    shutil.copytree(CONFIG_DIR, root / "config")
    shutil.copy(REPO_ROOT / "cdk.json", root / "cdk.json")
    dev = root / "config" / "dev.yaml"
    text = dev.read_text(encoding="utf-8")
    assert 'account: "111111111111"' in text and "  - name: harborline-dev\n" in text
    text = text.replace('account: "111111111111"', 'account: "222222222222"')
    dev.write_text(text.replace("  - name: harborline-dev\n", "  - name: harborline-copy\n"), encoding="utf-8")
    (root / "config" / "copy-only.yaml").write_text(
        text.replace("environment: dev", "environment: copy-only"), encoding="utf-8"
    )
    return root


def _run(args: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CDK_OUTDIR": str(cwd / "cdk.out"), **extra}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _outside_any_project(tmp_path: Path) -> Path:
    lost = tmp_path / "no-project" / "deeper"
    lost.mkdir(parents=True)
    assert not any((folder / "cdk.json").exists() for folder in (lost, *lost.parents))
    return lost


@pytest.mark.slow
def test_app_py_run_in_a_copy_synthesizes_the_copy_s_config(project: Path) -> None:
    result = _run(["-O", str(REPO_ROOT / "app.py")], project, CDK_CONTEXT_JSON=json.dumps({"env": "dev"}))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((project / "cdk.out" / "manifest.json").read_text(encoding="utf-8"))
    environment = manifest["artifacts"]["SmsEstate-dev-us-east-1"]["environment"]
    assert environment == "aws://222222222222/us-east-1"
    template = (project / "cdk.out" / "SmsEstate-dev-us-east-1.template.json").read_text(encoding="utf-8")
    assert "harborline-copy" in template and '"harborline-dev"' not in template


def test_the_cli_validates_the_copy_from_a_subfolder(project: Path) -> None:
    inside = project / "docs" / "notes"
    inside.mkdir(parents=True)
    result = _run(["-m", "sms_estate.cli.main", "validate", "copy-only"], inside)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("copy-only: valid; account 222222222222, regions us-east-1;")


def test_a_broken_copy_is_reported_in_the_copy_s_file(project: Path) -> None:
    dev = project / "config" / "dev.yaml"
    dev.write_text(dev.read_text(encoding="utf-8").replace('"222222222222"', '"not-an-account"'), encoding="utf-8")
    beside = project / "docs"  # not below config/: the file is shown by its full path
    beside.mkdir()
    result = _run(["-m", "sms_estate.cli.main", "validate", "dev"], beside)
    assert result.returncode == 2
    assert f"error: {dev}: account: " in result.stderr and "Traceback" not in result.stderr


def test_app_py_outside_any_project_says_so_and_exits_2(tmp_path: Path) -> None:
    lost = _outside_any_project(tmp_path)
    result = _run([str(REPO_ROOT / "app.py")], lost)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"error: {NO_PROJECT.format(lost.resolve())}\n"


def test_the_cli_outside_any_project_says_so_and_exits_2(tmp_path: Path) -> None:
    lost = _outside_any_project(tmp_path)
    result = _run(["-m", "sms_estate.cli.main", "validate", "dev"], lost)
    assert result.returncode == 2
    assert result.stderr == f"error: {NO_PROJECT.format(lost.resolve())}\n"


# ----- in-process: found at call time, the nearest cdk.json wins ------------------------------------


def test_defaults_follow_the_working_directory_at_call_time(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)
    assert "copy-only" not in list_environments()
    monkeypatch.chdir(project / "config")
    assert project_dir() == project.resolve()
    assert project_config_dir() == project.resolve() / "config"
    assert list_environments() == ["copy-only", "dev", "prod", "staging"]
    assert load_environment("dev").account == "222222222222"


def test_the_nearest_cdk_json_wins_and_its_context_is_read(project: Path) -> None:
    nested = project / "apps" / "other"
    (nested / "deeper").mkdir(parents=True)
    (nested / "cdk.json").write_text(json.dumps({"app": "x", "context": {"env": "nested"}}), encoding="utf-8")
    assert project_dir(nested / "deeper") == nested.resolve()
    assert cdk_json_context(project_dir(nested)) == {"env": "nested"}
    assert project_dir(project / "apps") == project.resolve()


def test_no_cdk_json_up_the_tree_is_a_user_facing_error(tmp_path: Path) -> None:
    lost = _outside_any_project(tmp_path)
    with pytest.raises(UserFacingError) as refused:
        project_dir(lost)
    assert refused.value.exit_code == 2
    assert refused.value.render() == f"error: {NO_PROJECT.format(lost.resolve())}"
