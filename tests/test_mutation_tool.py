"""The mutation tool's checked-in inputs stay true to the code (``./dev mutate``; tools/mutate.py).

Fast and in the normal suite: runs no mutant. An equivalent-mutant entry whose source line is gone
would silently excuse nothing (or, worse, a new line that happens to match), so it must be dropped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.mutate import EQUIVALENTS, ROOT, Equivalent, load_equivalents, load_targets

EQUIVALENT = load_equivalents()


def test_every_target_module_and_its_tests_exist() -> None:
    targets = load_targets()
    assert "custom_resources/sms_runtime/registration/lifecycle.py" in targets
    for target in targets.values():
        assert (ROOT / target.module).is_file(), target.module
        assert target.tests, f"{target.module} lists no tests"
        for test in target.tests:
            assert (ROOT / test).exists(), f"{target.module}: {test} does not exist"


@pytest.mark.parametrize("entry", EQUIVALENT, ids=[f"{e.module}:{e.line[:40]}" for e in EQUIVALENT])
def test_each_listed_equivalent_mutant_still_exists(entry: Equivalent) -> None:
    assert entry.module in load_targets(), f"{entry.module} is not a mutation target"
    lines = {line.strip() for line in (ROOT / entry.module).read_text(encoding="utf-8").splitlines()}
    assert entry.line in lines, f"{EQUIVALENTS.name}: {entry.module} no longer has the line {entry.line!r}"


def test_equivalent_list_is_parsed_strictly(tmp_path: Path) -> None:
    broken = tmp_path / "equivalents.txt"
    broken.write_text("# comment\nmodule.py | core/Op | x = 1\n")
    with pytest.raises(ValueError, match=r"equivalents.txt:2: expected"):
        load_equivalents(broken)


def test_the_tool_names_the_operators_cosmic_ray_has() -> None:
    from cosmic_ray.plugins import operator_names  # type: ignore[import-untyped]

    known = set(operator_names())
    assert {e.operator for e in EQUIVALENT} <= known
