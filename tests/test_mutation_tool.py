"""The mutation tool's checked-in inputs stay true to the code (``./dev mutate``; tools/mutate.py).

Fast and in the normal suite: runs no mutant. An equivalent-mutant entry whose source line is gone
would silently excuse nothing (or, worse, a new line that happens to match), so it must be dropped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.mutate import EQUIVALENTS, ROOT, SERVER, Equivalent, load_equivalents, load_targets

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


def _serve(tree: Path, socket_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    server = subprocess.Popen(
        [sys.executable, str(SERVER), "serve", str(socket_path)], cwd=tree, env=env, stdout=subprocess.PIPE
    )
    assert server.stdout is not None
    assert server.stdout.readline().strip() == b"ready"
    return server


def _client(tree: Path, socket_path: Path, *args: str) -> int:
    return subprocess.run([sys.executable, str(SERVER), "run", str(socket_path), "--", *args], cwd=tree).returncode


def test_the_fork_server_runs_each_request_against_the_files_as_they_are_now(tmp_path: Path) -> None:
    """A mutant written after the server started is what the next run imports; pass and fail reach cosmic-ray."""
    (tmp_path / "target.py").write_text("LIMIT = 5\n")
    (tmp_path / "test_target.py").write_text("import target\n\ndef test_limit():\n    assert target.LIMIT == 5\n")
    socket_path = tmp_path / "server.sock"
    server = _serve(tmp_path, socket_path)
    try:
        flags = ("-q", "-p", "no:cacheprovider", "test_target.py")
        assert _client(tmp_path, socket_path, *flags) == 0
        (tmp_path / "target.py").write_text("LIMIT = 6\n")  # same size, same second: no stale bytecode may hide it
        assert _client(tmp_path, socket_path, *flags) == 1
        (tmp_path / "target.py").write_text("LIMIT = 5\n")
        assert _client(tmp_path, socket_path, *flags) == 0
    finally:
        server.terminate()
        server.wait()


def test_the_fork_server_refuses_to_start_with_project_code_loaded(tmp_path: Path) -> None:
    """Project modules imported before the fork would be the unmutated ones in every child."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, sms_runtime; sys.argv[1:] = ['serve', '{tmp_path / 's'}'];"
            f"import runpy; runpy.run_path({str(SERVER)!r}, run_name='__main__')",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "project modules loaded before forking (sms_runtime" in done.stderr


def test_a_module_whose_mutants_reuse_synthesis_is_never_imported_by_synthesis(tmp_path: Path) -> None:
    """``reuse_synthesis`` lets mutants share the baseline's cdk.out; wrong if synthesis ran the mutant."""
    reused = [t.module for t in load_targets().values() if t.reuse_synthesis]
    assert "constructs/sms_estate/cli/diff/checks/numbers.py" in reused  # the diff's engine and rule modules
    assert all(m.startswith("constructs/sms_estate/cli/diff/") for m in reused), reused
    names = [m.removeprefix("constructs/").removesuffix(".py").replace("/", ".") for m in reused]
    script = (
        "import sys\n"
        "from conftest import synthesize\n"
        f"synthesize(__import__('pathlib').Path({str(tmp_path / 'out')!r}), ('dev',))\n"
        f"print(sorted(n for n in {names!r} if n in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "tests")},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_session_scores_reruns_only_survivors_when_tests_change_and_refuses_a_red_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tool end to end on a two-line module: real cosmic-ray, real fork server, real mutants."""
    from tools import mutate

    tree, state = tmp_path / "tree", tmp_path / "state"
    (tree / "constructs").mkdir(parents=True)
    (tree / "tests").mkdir()
    (tree / "constructs" / "mini.py").write_text("LIMIT = 5\n\n\ndef allowed(n):\n    return n <= LIMIT\n")
    test = tree / "tests" / "test_mini.py"
    test.write_text("from mini import allowed\n\n\ndef test_at_the_limit():\n    assert allowed(5)\n")
    state.mkdir()
    monkeypatch.setattr(mutate, "ROOT", tree)
    monkeypatch.setattr(mutate, "STATE", state)
    target = mutate.Target("constructs/mini.py", ("tests/test_mini.py",))

    first = mutate.mutate(tree, target, [])
    assert first.pending == 0 and first.killed > 0
    assert any("return n <= LIMIT" in s for s in first.survived)  # `<=` to `==` keeps allowed(5)
    assert any(s.endswith("LIMIT = 5") for s in first.survived)  # 5 to 6 keeps allowed(5)

    test.write_text(test.read_text() + "\n\ndef test_over_the_limit():\n    assert not allowed(6)\n")
    second = mutate.mutate(tree, target, [])
    assert second.killed > first.killed and len(second.survived) < len(first.survived)
    assert second.killed + len(second.survived) == first.killed + len(first.survived)  # nothing ran twice or lost

    equivalent = mutate.Equivalent(target.module, "core/ReplaceComparisonOperator_LtE_Lt", "return n <= LIMIT", "x")
    third = mutate.mutate(tree, target, [equivalent])
    assert third.equivalent == 1 and third.killed + len(third.survived) == second.killed + len(second.survived) - 1

    test.write_text(test.read_text() + "\n\ndef test_broken():\n    assert allowed(7)\n")
    with pytest.raises(mutate.BaselineFailedError, match=r"constructs/mini.py: its tests fail unmutated"):
        mutate.mutate(tree, target, [])


def test_a_mutant_runs_the_tests_that_ran_its_statement_and_every_test_when_unsure() -> None:
    from tools.mutation_coverage import EVERY_TEST, narrowed, select_tests

    original = (
        "LIMIT = 5\n\n\ndef allowed(n):\n    return (\n        n <= LIMIT\n    )\n\n\ndef unused():\n    return 1\n"
    )
    coverage = {EVERY_TEST: [1, 4, 10], "t.py::a": [5], "t.py::b": [5, 6], "t.py::c": [1]}
    in_body = original.replace("n <= LIMIT", "n < LIMIT")
    assert select_tests(coverage, original, in_body) == ["t.py::a", "t.py::b"]  # line 6, statement 5-7
    assert select_tests(coverage, original, original.replace("LIMIT = 5", "LIMIT = 6")) is None  # import time
    assert select_tests(coverage, original, original.replace("return 1", "return 2")) is None  # nobody ran it
    assert select_tests(coverage, original, original) is None
    args = ["-x", "-q", "-p", "no:randomly", "t.py"]
    assert narrowed(args, ["t.py"], ["t.py::a"]) == ["-x", "-q", "-p", "no:randomly", "t.py::a"]
    assert narrowed(args, ["t.py"], None) == args


def test_annotations_are_skipped_only_where_nothing_evaluates_them() -> None:
    from tools.mutate import annotation_spans

    body = "x: int | None = None\n\n\ndef f(a: str | None = None) -> str | None:\n    return a or 'x' | 'y'\n"
    spans = annotation_spans("from __future__ import annotations\n" + body)
    assert sorted(spans) == [((2, 3), (2, 13)), ((5, 9), (5, 19)), ((5, 31), (5, 41))]
    assert not any(start <= (6, 22) < end for start, end in spans)  # the `|` in the body runs: mutated
    assert annotation_spans(body) == []  # evaluated at definition time: mutated like any code
