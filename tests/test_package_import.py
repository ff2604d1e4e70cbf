"""The package as a library: ``import sms_estate`` has no side effects, its public API resolves, and the
Lambda asset is the ``sms_runtime`` package found through the import system, staged on its own.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import aws_cdk as cdk
import pytest
from support.repo_paths import REPO_ROOT

import sms_estate
from sms_estate import runtime_function
from sms_estate.runtime_function import UNUSED_STAGING_SECONDS, runtime_files, runtime_package_dir, staged_runtime

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
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A per-user cache of this test's own (``XDG_CACHE_HOME``); the process's usual staging is restored after."""
    home = tmp_path / "cache"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    staged_runtime.cache_clear()
    yield home
    staged_runtime.cache_clear()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _restage() -> Path:
    """Stage again, as a new process would (the per-process memo forgotten)."""
    staged_runtime.cache_clear()
    return staged_runtime()


def _honest(staged: Path) -> bool:
    """Whether ``staged`` holds exactly the runtime's files with the runtime's content."""
    source = runtime_package_dir()
    return _files(staged) == {f"sms_runtime/{p.as_posix()}": (source / p).read_bytes() for p in runtime_files(source)}


def test_the_staged_asset_is_the_runtime_package_alone_without_caches(cache_home: Path) -> None:
    staged = staged_runtime()
    root = cache_home / "sms-estate"
    assert staged.parent == root and staged.name.startswith("runtime-")
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
    assert [path.name for path in root.iterdir()] == [staged.name]  # no scratch folder left
    # Nobody else may write, or even look, where the asset lives; Lambda reads the files as another user.
    assert stat.S_IMODE(root.stat().st_mode) == stat.S_IMODE(staged.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in staged.rglob("*")} == {0o755, 0o644}


def test_the_asset_hash_is_the_one_the_repository_folder_had(cache_home: Path) -> None:
    """Same files, same content: CDK's fingerprint (the S3 key of the asset) does not change with staging."""
    before = cdk.FileSystem.fingerprint(
        str(REPO_ROOT / "custom_resources"), exclude=[*REPOSITORY_ASSET_EXCLUDES, "sms_runtime/py.typed"]
    )
    assert cdk.FileSystem.fingerprint(str(staged_runtime())) == before


def test_a_new_process_reuses_the_folder_of_the_same_content(cache_home: Path) -> None:
    first = staged_runtime()
    inode = first.stat().st_ino
    for _ in range(3):
        assert _restage() == first
    assert first.stat().st_ino == inode  # the very same folder, not a copy put in its place
    assert [path.name for path in first.parent.iterdir()] == [first.name]


def _tamper_content(staged: Path) -> None:
    (staged / "sms_runtime" / "handlers" / "dispatch.py").write_text("import os  # not ours\n", encoding="utf-8")


def _tamper_extra_bytecode(staged: Path) -> None:
    (staged / "sms_runtime" / "handlers" / "__pycache__").mkdir()
    (staged / "sms_runtime" / "handlers" / "__pycache__" / "dispatch.cpython-314.pyc").write_bytes(b"\0not ours")


def _tamper_link(staged: Path) -> None:
    target = staged / "sms_runtime" / "handlers" / "dispatch.py"
    kept = staged.parent.parent / "elsewhere.py"  # outside the cache root
    target.rename(kept)
    target.symlink_to(kept)  # same bytes today, whatever the link's target holds tomorrow


def _group_writable(staged: Path) -> None:
    staged.chmod(0o770)


def _inner_world_writable(staged: Path) -> None:
    (staged / "sms_runtime" / "handlers").chmod(0o777)


@pytest.mark.parametrize(
    "spoil", [_tamper_content, _tamper_extra_bytecode, _tamper_link, _group_writable, _inner_world_writable]
)
def test_a_staging_folder_that_is_not_exactly_ours_is_replaced_never_used(
    cache_home: Path, spoil: Callable[[Path], None]
) -> None:
    """Right name, right (or wrong) content: if it is not private and exact, a fresh folder takes its place."""
    honest = staged_runtime()
    inode = honest.stat().st_ino
    spoil(honest)
    used = _restage()
    assert used == honest  # the same name, now holding a new folder
    assert used.stat().st_ino != inode
    assert _honest(used)
    assert stat.S_IMODE(used.stat().st_mode) == 0o700
    assert not any(p.is_symlink() for p in used.rglob("*"))
    assert [path.name for path in used.parent.iterdir()] == [
        used.name
    ]  # the spoiled folder was renamed aside and removed, no scratch left


def test_another_users_cache_is_never_used(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder holds the right content but is not this user's: a private folder of this process serves."""
    honest = staged_runtime()
    before = _files(honest)
    monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 4242)  # as if another user had made it all
    used = _restage()
    assert not used.is_relative_to(cache_home)
    assert _honest(used)
    assert stat.S_IMODE(used.stat().st_mode) == 0o700
    assert _files(honest) == before  # another user's folder is left alone, not deleted
    shutil.rmtree(used)


def test_an_untrusted_cache_falls_back_to_a_private_folder_removed_at_exit(tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)  # writable by every local user, like /tmp without its sticky bit
    probe = "from sms_estate.runtime_function import staged_runtime as s; p = s(); print(p); print(sorted(p.iterdir()))"
    result = _python(probe, env={**os.environ, "XDG_CACHE_HOME": str(shared)}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    staged = Path(result.stdout.splitlines()[0])
    assert "sms_runtime" in result.stdout.splitlines()[1]
    assert not staged.is_relative_to(shared)
    assert not staged.exists()  # removed when the process exited: nothing accumulates per synth
    assert list(shared.iterdir()) == []


STAGE_ON_SIGNAL = """
import sys, time
from pathlib import Path
from sms_estate.runtime_function import staged_runtime
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.001)
print(staged_runtime())
"""


@pytest.mark.parametrize("stale", [False, True], ids=["empty-cache", "tampered-folder-there"])
def test_two_processes_staging_at_once_both_succeed_and_agree(cache_home: Path, tmp_path: Path, stale: bool) -> None:
    if stale:
        _tamper_content(staged_runtime())
    go = tmp_path / "go"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", STAGE_ON_SIGNAL, str(go)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    time.sleep(1.5)  # both import the package, then wait for the signal
    go.touch()
    outputs = [racer.communicate(timeout=60) for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], outputs
    (first, _), (second, _) = outputs
    assert first == second
    staged = Path(first.decode().strip())
    assert staged.parent == cache_home / "sms-estate"
    assert _honest(staged)
    assert [path.name for path in staged.parent.iterdir()] == [staged.name]


def test_the_runtime_is_found_where_python_imports_it_not_beside_the_repository(tmp_path: Path) -> None:
    """An installed copy of ``sms_runtime`` (here: first on PYTHONPATH, like site-packages) is the one staged."""
    site = tmp_path / "site-packages"
    shutil.copytree(runtime_package_dir(), site / "sms_runtime", ignore=shutil.ignore_patterns("__pycache__"))
    (site / "sms_runtime" / "installed_marker.py").write_text("MARKER = True\n", encoding="utf-8")
    (site / "sms_runtime" / "__pycache__").mkdir()
    (site / "sms_runtime" / "__pycache__" / "stale.cpython-311.pyc").write_bytes(b"\0")
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{REPO_ROOT / 'constructs'}", "XDG_CACHE_HOME": str(cache)}
    probe = (
        "from sms_estate.runtime_function import runtime_package_dir, staged_runtime; "
        "print(runtime_package_dir()); print(staged_runtime())"
    )
    result = _python(probe, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found, staged = map(Path, result.stdout.split())
    assert found == (site / "sms_runtime").resolve()
    assert staged.parent == cache / "sms-estate"
    staged_files = set(_files(staged / "sms_runtime"))
    assert "installed_marker.py" in staged_files
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in staged_files)
    assert staged_files == {path.as_posix() for path in runtime_files(site / "sms_runtime")}


def test_a_package_that_is_not_one_folder_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime_function, "RUNTIME_PACKAGE", "sms_runtime_is_not_installed")
    with pytest.raises(RuntimeError, match="sms_runtime_is_not_installed package is not installed as one folder"):
        runtime_package_dir()


# ----- declared dependencies -----------------------------------------------------------------------

PACKAGE = INIT.parent
APP_AND_TOOLS = ("yaml_app", "cli")
FIRST_PARTY = frozenset({"sms_estate", "sms_runtime"})


def _canonical(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _declared() -> dict[str, set[str]]:
    """The distributions ``pyproject.toml`` declares: ``base`` and one entry per extra."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"base": project["dependencies"], **project["optional-dependencies"]}
    return {
        group: {_canonical(re.split(r"[\s\[=<>~!;]", spec, maxsplit=1)[0]) for spec in specs}
        for group, specs in groups.items()
    }


def _imported_distributions(files: list[Path]) -> dict[str, set[str]]:
    """Distribution -> the files whose imports (anywhere: lazy and ``TYPE_CHECKING`` ones too) need it."""
    providers = importlib.metadata.packages_distributions()
    needed: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in {name.split(".")[0] for name in names} - FIRST_PARTY - sys.stdlib_module_names:
                (distribution, *_) = providers.get(top, [f"<no distribution provides {top}>"])
                needed.setdefault(_canonical(distribution), set()).add(str(path.relative_to(REPO_ROOT)))
    return needed


def _library_files() -> list[Path]:
    runtime = REPO_ROOT / "custom_resources" / "sms_runtime"
    own = [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in APP_AND_TOOLS]
    return sorted([*own, *runtime.rglob("*.py")])


def test_the_librarys_imports_are_exactly_its_base_dependencies() -> None:
    """``pip install sms-estate`` brings what the constructs and the Lambda code import, and nothing else."""
    imported = _imported_distributions(_library_files())
    assert set(imported) == _declared()["base"], imported


def test_the_app_extra_is_what_the_yaml_app_and_the_command_line_import_beyond_the_library() -> None:
    from sms_estate.cli.main import APP_EXTRA_MODULES

    files = sorted(p for part in APP_AND_TOOLS for p in (PACKAGE / part).rglob("*.py"))
    declared = _declared()
    beyond = set(_imported_distributions(files)) - declared["base"]
    assert beyond == declared["app"]
    providers = importlib.metadata.packages_distributions()
    assert {_canonical(providers[module][0]) for module in APP_EXTRA_MODULES} == declared["app"]


def test_the_command_line_without_the_app_extra_says_how_to_get_it(tmp_path: Path) -> None:
    """Installed without ``[app]``: one line naming the extra and exit 2, not a traceback from an import."""
    probe = (
        "import sys\n"
        "sys.modules['yaml'] = sys.modules['cfnlint'] = None  # as if not installed\n"
        "from sms_estate.cli.main import main\n"
        "sys.exit(main(['validate', 'dev']))\n"
    )
    result = _python(probe, env=dict(os.environ), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert (
        result.stderr
        == "sms-estate: the command line needs the app extra: install sms-estate[app] (missing: yaml, cfnlint)\n"
    )


def test_staged_runtimes_unused_for_a_month_are_pruned_when_another_is_staged(cache_home: Path) -> None:
    """One folder per version of the runtime: those no synth used for 30 days go when a new one is staged;
    a recently used one (another checkout's) stays, and reusing a folder marks it used."""
    current = staged_runtime()
    root = current.parent
    month_ago = time.time() - UNUSED_STAGING_SECONDS - 60
    abandoned, recent = root / "runtime-abandoned", root / "runtime-recent"
    for folder in (abandoned, recent):
        shutil.copytree(current, folder)
    os.utime(abandoned, (month_ago, month_ago))
    os.utime(current, (month_ago, month_ago))
    assert _restage() == current  # reused: nothing staged, nothing pruned, but marked as used now
    assert abandoned.is_dir() and current.stat().st_mtime > month_ago
    os.utime(current, (month_ago, month_ago))
    _tamper_content(current)  # the runtime "changed": a new folder is staged in its place
    restaged = _restage()
    assert _honest(restaged)
    assert sorted(path.name for path in root.iterdir()) == sorted([restaged.name, recent.name])
