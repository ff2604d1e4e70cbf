"""The package as a library: ``import sms_estate`` has no side effects, its public API resolves, and the
Lambda asset is the ``sms_runtime`` package found through the import system, staged on its own.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aws_cdk as cdk
import pytest
from support.repo_paths import REPO_ROOT

import sms_estate
from sms_estate import runtime_function
from sms_estate.runtime_function import runtime_files, runtime_package_dir, staged_runtime

INIT = Path(sms_estate.__file__)

# What the asset was before it was staged: the repository's custom_resources/ folder minus these.
REPOSITORY_ASSET_EXCLUDES = [
    "**/__pycache__",
    "**/*.pyc",
    "*.egg-info",
    "**/*.egg-info",
    ".mypy_cache",
    ".pytest_cache",
]


def _python(code: str, *, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, check=False)


def test_importing_the_package_sets_no_node_and_imports_no_cdk(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "JSII_NODE"}
    probe = (
        "import json, os, sys; import sms_estate; "
        "print(json.dumps({'node': os.environ.get('JSII_NODE'), "
        "'loaded': sorted(m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'jsii', 'cdk_nag', 'sms_estate')), "
        "'dir': sorted(dir(sms_estate)), 'all': sms_estate.__all__}))"
    )
    result = _python(probe, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["node"] is None
    assert seen["loaded"] == ["sms_estate"]
    assert set(seen["all"]) <= set(seen["dir"])


def test_every_public_name_resolves_to_the_object_of_its_home_module() -> None:
    import importlib

    for name in sms_estate.__all__:
        value = getattr(sms_estate, name)
        assert value is getattr(importlib.import_module(sms_estate._HOME[name]), name), name
    with pytest.raises(AttributeError, match="no attribute 'NoSuchConstruct'"):
        _ = sms_estate.NoSuchConstruct


def _type_checking_imports() -> set[str]:
    """The names the ``if TYPE_CHECKING:`` block of ``sms_estate/__init__.py`` imports (what mypy sees)."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    (block,) = [node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
    return {alias.name for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names}


def test_type_checkers_and_the_lazy_lookup_see_the_same_names_as_all() -> None:
    assert len(sms_estate.__all__) == len(set(sms_estate.__all__))
    assert _type_checking_imports() == set(sms_estate.__all__) == set(sms_estate._HOME)


def test_both_packages_ship_a_py_typed_marker() -> None:
    import sms_runtime

    assert (INIT.parent / "py.typed").is_file()
    assert (Path(sms_runtime.__file__).parent / "py.typed").is_file()


# ----- the Lambda asset ----------------------------------------------------------------------------


@pytest.fixture
def private_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Staging in a temp folder of this test's own; the process's usual staging is restored after."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(root))
    staged_runtime.cache_clear()
    yield root
    staged_runtime.cache_clear()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_the_staged_asset_is_the_runtime_package_alone_without_caches(private_staging: Path) -> None:
    staged = staged_runtime()
    assert staged.parent == private_staging and staged.name.startswith("sms-estate-runtime-")
    assert [path.name for path in staged.iterdir()] == ["sms_runtime"]
    source = REPO_ROOT / "custom_resources" / "sms_runtime"
    expected = {
        f"sms_runtime/{relative}": data
        for relative, data in _files(source).items()
        if "__pycache__" not in relative and not relative.endswith(".pyc") and relative != "py.typed"
    }
    assert _files(staged) == expected
    assert "sms_runtime/handlers/dispatch.py" in expected  # the handler strings name modules inside it
    assert staged_runtime() is staged  # once per process
    assert [path.name for path in private_staging.iterdir()] == [staged.name]  # no scratch folder left


def test_the_asset_hash_is_the_one_the_repository_folder_had(private_staging: Path) -> None:
    """Same files, same content: CDK's fingerprint (the S3 key of the asset) does not change with staging."""
    before = cdk.FileSystem.fingerprint(
        str(REPO_ROOT / "custom_resources"), exclude=[*REPOSITORY_ASSET_EXCLUDES, "sms_runtime/py.typed"]
    )
    assert cdk.FileSystem.fingerprint(str(staged_runtime())) == before


def test_a_new_process_reuses_the_folder_of_the_same_content(private_staging: Path) -> None:
    first = staged_runtime()
    staged_runtime.cache_clear()  # as a second process would start
    assert staged_runtime() == first
    assert len(list(private_staging.iterdir())) == 1


def test_a_staging_folder_with_other_content_is_never_used(private_staging: Path) -> None:
    """``/tmp`` is shared: a folder of the right name holding anything else must not become the asset."""
    honest = staged_runtime()
    tampered = honest / "sms_runtime" / "handlers" / "dispatch.py"
    tampered.write_text("import os  # not ours\n", encoding="utf-8")
    staged_runtime.cache_clear()
    used = staged_runtime()
    assert used != honest
    assert (used / "sms_runtime" / "handlers" / "dispatch.py").read_bytes() == (
        runtime_package_dir() / "handlers" / "dispatch.py"
    ).read_bytes()


def test_the_runtime_is_found_where_python_imports_it_not_beside_the_repository(tmp_path: Path) -> None:
    """An installed copy of ``sms_runtime`` (here: first on PYTHONPATH, like site-packages) is the one staged."""
    site = tmp_path / "site-packages"
    shutil.copytree(runtime_package_dir(), site / "sms_runtime", ignore=shutil.ignore_patterns("__pycache__"))
    (site / "sms_runtime" / "installed_marker.py").write_text("MARKER = True\n", encoding="utf-8")
    (site / "sms_runtime" / "__pycache__").mkdir()
    (site / "sms_runtime" / "__pycache__" / "stale.cpython-311.pyc").write_bytes(b"\0")
    staging = tmp_path / "tmp"
    staging.mkdir()
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{REPO_ROOT / 'constructs'}", "TMPDIR": str(staging)}
    probe = (
        "from sms_estate.runtime_function import runtime_package_dir, staged_runtime; "
        "print(runtime_package_dir()); print(staged_runtime())"
    )
    result = _python(probe, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found, staged = map(Path, result.stdout.split())
    assert found == (site / "sms_runtime").resolve()
    assert staged.parent == staging.resolve()
    staged_files = set(_files(staged / "sms_runtime"))
    assert "installed_marker.py" in staged_files
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in staged_files)
    assert staged_files == {path.as_posix() for path in runtime_files(site / "sms_runtime")}


def test_a_package_that_is_not_one_folder_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime_function, "RUNTIME_PACKAGE", "sms_runtime_is_not_installed")
    with pytest.raises(RuntimeError, match="sms_runtime_is_not_installed package is not installed as one folder"):
        runtime_package_dir()
