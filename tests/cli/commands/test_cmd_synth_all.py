"""``synth-all --env PATH`` writes only into its output folder (it used to write at OUT/<the path>, i.e. the path)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.repo_paths import CONFIG_DIR

from sms_estate.cli.commands.synth_all import output_folder
from sms_estate.cli.main import main
from sms_estate.yaml_app.errors import UserFacingError


def files_under(folder: Path) -> set[Path]:
    return {path.relative_to(folder) for path in folder.rglob("*")}


@pytest.mark.slow
def test_an_env_given_as_a_path_is_synthesized_into_out_slash_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "elsewhere" / "config"
    config.mkdir(parents=True)
    shutil.copy(CONFIG_DIR / "dev.yaml", config / "dev.yaml")
    shutil.copytree(CONFIG_DIR / "attachments", config / "attachments")
    before = files_under(tmp_path)
    out = tmp_path / "out"
    assert main(["synth-all", "--env", str(config / "dev.yaml"), "--out", str(out)]) == 0
    assert "== dev: 1 stack(s) in " in capsys.readouterr().out
    assert [path.name for path in out.iterdir()] == ["dev"]
    assert (out / "dev" / "manifest.json").is_file()
    assert {path for path in files_under(tmp_path) - before if path.parts[0] != "out"} == set()


def test_an_output_folder_that_leads_outside_the_output_root_is_refused(tmp_path: Path) -> None:
    out_root, outside = tmp_path / "cdk.out", tmp_path / "outside"
    out_root.mkdir()
    outside.mkdir()
    (out_root / "dev").symlink_to(outside)
    with pytest.raises(UserFacingError) as refused:
        output_folder(out_root, "dev")
    assert refused.value.render() == f"error: {out_root}: dev: this output folder would be outside the output root"
    assert output_folder(out_root, "prod") == out_root / "prod"
    assert list(outside.iterdir()) == []
