"""Generated bulk estates: N generated rows imported into a fresh environment, optionally synthesized."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from support.csv_samples import BLOG_HEADERS, rows, write_csv, write_environment

from sms_estate.cli.assembly import Assembly, read_assembly
from sms_estate.cli.main import main
from sms_estate.yaml_app.app_builder import build_app
from sms_estate.yaml_app.config import Environment, load_environment

REPO = Path(__file__).resolve().parents[2]
OPT_IN_IMAGE = REPO / "config" / "attachments" / "harborline-optin-form.png"
IMAGE_HEADER = "Opt-In Image file"
SHARDS = 8
ROWS = 300


@dataclass(frozen=True)
class BulkEstate:
    environment: Environment
    assembly: Assembly
    config: Path


def imported_environment(directory: Path, count: int, *, shards: int = SHARDS, name: str = "bulk") -> Path:
    """``count`` generated rows (with an opt-in image each) imported into a fresh environment file."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(OPT_IN_IMAGE, directory / "optin.png")
    records = [{**record, IMAGE_HEADER: "optin.png"} for record in rows(count)]
    csv_path = write_csv(directory / "registrations.csv", records, (*BLOG_HEADERS, IMAGE_HEADER))
    config = write_environment(directory, name)
    assert main(["import-csv", str(csv_path), "--env", str(config), "--shards", str(shards)]) == 0
    return config


def synthesized(directory: Path, count: int) -> BulkEstate:
    config = imported_environment(directory / "config", count)
    environment = load_environment(config)
    app, _ = build_app([environment], outdir=str(directory / "cdk.out"))
    app.synth()
    return BulkEstate(environment, read_assembly(directory / "cdk.out"), config)
