"""Hostile and careless configs (issue 13, findings 2, 3, 4 and 7): each is refused with its exact
``file: path: message`` line and exit 2, within 2 s, and nothing is written.

Every case runs ``sms-estate validate`` in-process on a config inside ``tmp_path/config/`` (timed
around the command only: interpreter start on a shared CI machine is not the config check's cost).
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.repo_paths import CONFIG_DIR

from sms_estate.cli.main import main
from sms_estate.yaml_app.config.limits import (
    MAX_ATTACHMENT_BYTES,
    MAX_CONFIG_BYTES,
    MAX_SHOWN_VALUE_CHARS,
    MAX_YAML_ALIAS_NODES,
    MAX_YAML_DEPTH,
)
from sms_estate.yaml_app.config.yaml_source import _clearly_within_bounds

TIME_BOUND_S = 2.0
DEV = (CONFIG_DIR / "dev.yaml").read_text(encoding="utf-8")
PNG = (CONFIG_DIR / "attachments" / "harborline-optin-form.png").read_bytes()


def files_under(folder: Path) -> set[Path]:
    return {path.relative_to(folder) for path in folder.rglob("*")}


def refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write: Callable[[Path], None], name: str = "dev"
) -> list[str]:
    """Write the config with ``write``, validate it, and return its error lines after the common asserts."""
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    path = config / f"{name}.yaml"
    write(path)
    before = files_under(tmp_path)
    start = time.perf_counter()
    exit_code = main(["validate", str(path)])
    elapsed = time.perf_counter() - start
    captured = capsys.readouterr()
    assert exit_code == 2, captured
    assert elapsed < TIME_BOUND_S, f"took {elapsed:.2f} s"
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert files_under(tmp_path) == before
    assert not (tmp_path / "cdk.out").exists()
    return captured.err.splitlines()


def dev_with(replace: str, by: str) -> Callable[[Path], None]:
    assert replace in DEV

    def write(path: Path) -> None:
        path.write_text(DEV.replace(replace, by), encoding="utf-8")

    return write


# --- 2. YAML aliases, nesting and size -------------------------------------------------------------

TAGS = 'tags:\n  owner: messaging-platform\n  cost-center: "4410"\n'


def alias_bomb(levels: int) -> str:
    lines = ["  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "tags:\n" + "\n".join(lines) + "\n"


def test_an_alias_bomb_in_tags_is_refused_while_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = refused(tmp_path, capsys, dev_with(TAGS, alias_bomb(10)))
    assert lines == [
        f"error: {tmp_path}/config/dev.yaml: aliases expand to more than 20,000 nodes; write the values out "
        "(at line 11, column 12)"
    ]
    assert MAX_YAML_ALIAS_NODES == 20_000


def test_aliases_below_the_bound_still_load_and_the_schema_message_is_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three levels (1,110 nodes) pass the alias bound; the schema then refuses lists as tag values,
    quoting each cut short rather than whole (``a2`` expands to 1,000 strings)."""
    lines = refused(tmp_path, capsys, dev_with(TAGS, alias_bomb(3)))
    prefix = f"error: {tmp_path}/config/dev.yaml"
    assert lines == [
        f"{prefix} does not match the config schema",
        f"{prefix}: tags.a0: ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'] is not of type 'string'",
        f"{prefix}: tags.a1: [['x', 'x', 'x', 'x', ...], ['x', 'x', 'x', 'x', ...], ['x', 'x', 'x', 'x', ...], "
        "['x', 'x', 'x', 'x', ...], ...] is not of type 'string'",
        f"{prefix}: tags.a2: [[[...], [...], [...], [...], ...], [[...], [...], [...], [...], ...], "
        "[[...], [...], [...], [...], ...], [[...], [...], [...], [...], ...], ...] is not of type 'string'",
    ]
    assert max(len(line) - len(prefix) for line in lines) < 3 * MAX_SHOWN_VALUE_CHARS


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_flow_collections_are_refused_before_libyaml_sees_them(
    depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = refused(tmp_path, capsys, dev_with(TAGS, "tags: " + "[" * depth + "]" * depth + "\n"))
    assert lines == [
        f"error: {tmp_path}/config/dev.yaml: nesting is deeper than {MAX_YAML_DEPTH} levels (at line 6, column 70)"
    ]


def test_deeply_indented_block_mappings_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nested = "".join(" " * i + f"k{i}:\n" for i in range(1, 200)) + " " * 200 + "v\n"
    lines = refused(tmp_path, capsys, dev_with(TAGS, "tags:\n" + nested))
    assert lines == [
        f"error: {tmp_path}/config/dev.yaml: nesting is deeper than {MAX_YAML_DEPTH} levels (at line 69, column 64)"
    ]


def test_compact_nested_sequences_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = refused(tmp_path, capsys, dev_with(TAGS, "tags:\n" + "- " * 50_000 + "v\n"))
    assert lines == [
        f"error: {tmp_path}/config/dev.yaml: nesting is deeper than {MAX_YAML_DEPTH} levels (at line 7, column 127)"
    ]


def test_an_oversized_config_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    padding = "#" * 1000 + "\n"
    write = dev_with(TAGS, TAGS + padding * (MAX_CONFIG_BYTES // len(padding) + 1))
    lines = refused(tmp_path, capsys, write)
    assert lines == [f"error: {tmp_path}/config/dev.yaml: is larger than the limit of {MAX_CONFIG_BYTES:,} bytes"]


def test_a_fifo_as_config_does_not_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = refused(tmp_path, capsys, lambda path: os.mkfifo(path))
    assert lines == [f"error: {tmp_path}/config/dev.yaml: is not a regular file"]


def test_a_huge_value_is_quoted_cut_short(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = refused(tmp_path, capsys, dev_with('account: "111111111111"', f'account: "{"1" * 1_000_000}"'))
    shown = "'" + "1" * 37 + "..." + "1" * 38 + "'"
    assert lines[1] == f"error: {tmp_path}/config/dev.yaml: account: {shown} does not match '^[0-9]{{12}}$'"


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 1


def _random_tree(rng: random.Random, depth: int) -> Any:
    if depth <= 1:
        return rng.choice(["x", 1, "a [b", "c]", "- d", "e: f"])
    # one child carries the depth, its siblings are shallow: the size stays linear in the depth
    children = [
        _random_tree(rng, depth - 1 if i == 0 else min(depth - 1, rng.randint(1, 3))) for i in range(rng.randint(1, 3))
    ]
    rng.shuffle(children)
    if rng.random() < 0.5:
        return {f"k{i}": child for i, child in enumerate(children)}
    return children


def test_the_fast_text_check_never_clears_a_document_that_is_too_deep() -> None:
    """The look at the raw text must be sound: whenever it clears a document, the real depth is in bounds.

    Random documents of every depth around the bound, in block, flow and mixed styles.
    """
    rng = random.Random(13)
    cleared = refused_by_text = 0
    for _ in range(600):
        tree = {"root": _random_tree(rng, rng.randint(2, MAX_YAML_DEPTH + 4))}
        style = rng.choice([False, True, None])
        text = yaml.dump(tree, Dumper=yaml.CSafeDumper, default_flow_style=style, width=rng.choice([20, 80, 10_000]))
        if _clearly_within_bounds(text.encode()):
            cleared += 1
            assert _depth(tree) <= MAX_YAML_DEPTH, text
        else:
            refused_by_text += 1
    assert cleared > 50 and refused_by_text > 50  # both branches were exercised


# --- 3. Anchored patterns -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "  - name: harborline-dev\n",
            '  - name: "harborline-dev\\n"\n',
            "configuration_sets[0].name: 'harborline-dev\\n' does not match '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'",
        ),
        ('account: "111111111111"', 'account: "111111111111\\n"', "account: '111111111111\\n' does not match"),
        ("regions: [us-east-1]", 'regions: ["us-east-1\\n"]', "regions[0]: 'us-east-1\\n' does not match"),
    ],
)
def test_a_trailing_newline_fails_the_schema(
    replace: str, by: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = refused(tmp_path, capsys, dev_with(replace, by))
    assert any(line.startswith(f"error: {tmp_path}/config/dev.yaml: {expected}") for line in lines), lines


# --- 4. Attachment paths ------------------------------------------------------------------------

REGISTRATION = """
phone_numbers:
  - {name: refills, number_type: TOLL_FREE, iso_country_code: US, message_type: TRANSACTIONAL}
registrations:
  - name: refills
    type: US_TOLL_FREE_REGISTRATION
    phone_numbers: [refills]
    fields: {companyInfo.companyName: Harborline Pharmacy LLC}
    attachments: {messagingUseCase.optInImage: "FILE"}
"""


def with_attachment(file: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        base = DEV.split("\nphone_numbers:")[0]
        path.write_text(base + REGISTRATION.replace("FILE", file), encoding="utf-8")
        make(path.parent)

    return write


def outside(config: Path) -> None:
    (config.parent / "secret.png").write_bytes(PNG)


def symlink_out(config: Path) -> None:
    outside(config)
    (config / "optin.png").symlink_to(config.parent / "secret.png")


def oversized(config: Path) -> None:
    (config / "optin.png").write_bytes(PNG + b"\0" * MAX_ATTACHMENT_BYTES)


ATTACHMENT_CASES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "absolute": (
        "ABS/secret.png",
        outside,
        "file 'ABS/secret.png' leads outside the config folder config/ (absolute path, '..' or a symlink); attachments must be files inside it",
    ),
    "dot-dot": (
        "../secret.png",
        outside,
        "file '../secret.png' leads outside the config folder config/ (absolute path, '..' or a symlink); attachments must be files inside it",
    ),
    "symlink-out": (
        "optin.png",
        symlink_out,
        "file 'optin.png' leads outside the config folder config/ (absolute path, '..' or a symlink); attachments must be files inside it",
    ),
    "fifo": ("optin.png", lambda config: os.mkfifo(config / "optin.png"), "file 'optin.png' is not a regular file"),
    "folder": ("pictures", lambda config: (config / "pictures").mkdir(), "file 'pictures' is not a regular file"),
    "too-large": (
        "optin.png",
        oversized,
        f"file 'optin.png' has {len(PNG) + MAX_ATTACHMENT_BYTES:,} bytes; an attachment may have at most 500,000",
    ),
}


@pytest.mark.parametrize("case", sorted(ATTACHMENT_CASES))
def test_attachments_must_be_regular_files_inside_the_config_folder(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file, make, message = ATTACHMENT_CASES[case]
    file, message = file.replace("ABS", str(tmp_path)), message.replace("ABS", str(tmp_path))
    lines = refused(tmp_path, capsys, with_attachment(file, make))
    assert lines == [
        f"error: {tmp_path}/config/dev.yaml is invalid",
        f"error: {tmp_path}/config/dev.yaml: registrations[0].attachments.messagingUseCase.optInImage: {message}",
    ]


def test_a_symlink_that_stays_inside_the_config_folder_is_accepted(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / "attachments").mkdir(parents=True)
    (config / "attachments" / "form.png").write_bytes(PNG)
    from sms_estate.yaml_app.config.attachment_paths import attachment_problem

    (config / "optin.png").symlink_to(config / "attachments" / "form.png")
    assert attachment_problem(config, "optin.png") is None
    assert attachment_problem(config, "attachments/../attachments/form.png") is None


# --- 7. Too many resources for one stack --------------------------------------------------------


def rows_without_bulk(count: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        doc = yaml.safe_load(DEV)
        doc["phone_numbers"] += [
            {
                "name": f"row-{i:03}",
                "number_type": "TOLL_FREE",
                "iso_country_code": "US",
                "message_type": "TRANSACTIONAL",
            }
            for i in range(count)
        ]
        doc["registrations"] = [
            {
                "name": f"row-{i:03}",
                "type": "US_TOLL_FREE_REGISTRATION",
                "phone_numbers": [f"row-{i:03}"],
                "fields": {"companyInfo.companyName": f"Business {i:03} LLC"},
            }
            for i in range(count)
        ]
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")

    return write


def test_120_rows_without_bulk_are_refused_with_advice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = refused(tmp_path, capsys, rows_without_bulk(120))
    assert lines == [
        f"error: {tmp_path}/config/dev.yaml is invalid",
        f"error: {tmp_path}/config/dev.yaml: regions[0]: stack SmsEstate-dev-us-east-1 would hold about 775 "
        "resources (budget 450 of CloudFormation's 500 per stack); add `bulk: {shards: 2}` to file "
        "registrations and their numbers from shard stacks (docs/bulk.md)",
    ]


def test_the_sample_environments_are_within_the_resource_budget(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("dev", "staging", "prod"):
        assert main(["validate", name]) == 0
    assert "error" not in capsys.readouterr().err


def test_the_shared_fields_of_the_samples_still_load_through_the_exact_check(tmp_path: Path) -> None:
    """prod.yaml shares one block of fields through an alias: the exact event check runs and accepts it."""
    text = (CONFIG_DIR / "prod.yaml").read_bytes()
    assert b"*harborline_fields" in text
    assert not _clearly_within_bounds(text)
    shutil.copytree(CONFIG_DIR, tmp_path / "config")
    assert main(["validate", str(tmp_path / "config" / "prod.yaml")]) == 0
