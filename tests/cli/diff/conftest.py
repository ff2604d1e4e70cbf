"""Synthesize each test config of ``tests/cli/diff/configs`` once per session and hand out revisions.

Each file there is the environment ``shop``; a pair (``base``, ``destructive``) is a base and a head
revision. A config is copied next to the sample attachments, synthesized in-process (one jsii
runtime for the whole session) and read back like any ``cdk.out``.

``SMS_ESTATE_SYNTH_CACHE`` (set by ``./dev mutate`` for modules that synthesis never imports, such as
the diff's consequence rules) keeps each ``cdk.out`` across pytest runs: the unmutated baseline run
synthesizes, and every mutant reads the same templates without starting jsii.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support.repo_paths import CONFIG_DIR

from sms_estate.cli.diff.revisions import SYNTH_CONTEXT, Revision, read_acknowledgements, read_stacks
from sms_estate.yaml_app.config import load_environment

CONFIGS = Path(__file__).parent / "configs"
SYNTH_CACHE = os.environ.get("SMS_ESTATE_SYNTH_CACHE")


def _synthesize(config: Path, out: Path) -> None:
    cached = Path(SYNTH_CACHE) / config.parent.parent.name if SYNTH_CACHE else None
    if cached is not None and cached.is_dir():
        shutil.copytree(cached, out)
        return
    from sms_estate.yaml_app.app_builder import add_environment, new_app

    app = new_app(outdir=str(out), context=SYNTH_CONTEXT)
    add_environment(app, load_environment(config))
    app.synth()
    if cached is not None:
        shutil.copytree(out, cached)


def synthesize_config(variant: str, root: Path) -> Revision:
    """``configs/<variant>.yaml`` as environment ``shop``, synthesized into ``root/<variant>``."""
    config_dir = root / variant / "config"
    config_dir.mkdir(parents=True)
    shutil.copy(CONFIGS / f"{variant}.yaml", config_dir / "shop.yaml")
    shutil.copytree(CONFIG_DIR / "attachments", config_dir / "attachments")
    out = root / variant / "cdk.out"
    _synthesize(config_dir / "shop.yaml", out)
    return Revision(variant, read_stacks(out), read_acknowledgements(config_dir, {"shop"}))


@pytest.fixture(scope="session")
def diff_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("diff-configs")


@pytest.fixture(scope="session")
def revision(diff_root: Path) -> Callable[[str], Revision]:
    """``revision("base")``: the synthesized revision of one test config, built once per session."""
    built: dict[str, Revision] = {}

    def get(variant: str) -> Revision:
        if variant not in built:
            built[variant] = synthesize_config(variant, diff_root)
        return built[variant]

    return get


@pytest.fixture(scope="session")
def assembly_dir(revision: Callable[[str], Revision], diff_root: Path) -> Callable[[str], Path]:
    """``assembly_dir("base")``: the ``cdk.out`` folder of one test config (synthesized on first use)."""

    def get(variant: str) -> Path:
        revision(variant)
        return diff_root / variant / "cdk.out"

    return get
