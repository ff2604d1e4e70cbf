"""``sms-estate synth-all``: the main job. Synthesize every environment offline with the pinned CDK CLI.

Runs ``cdk synth -c env=NAME`` per environment (Node 24 from the virtualenv, notices and telemetry
off, no AWS credentials needed: stacks name their account and region and use no lookups), then
prints what was synthesized: stacks, resources by type and the cdk-nag outcome, and runs cfn-lint
over every template (errors fail the job; it replaces CDK's warn-only built-in validation, which
``cdk synth`` skips here for speed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sms_estate.assembly import Assembly, read_assembly
from sms_estate.cdk_json import REPO_ROOT
from sms_estate.config import list_environments, load_environment
from sms_estate.errors import Problem, UserFacingError
from sms_estate.template_lint import template_errors

NAME = "synth-all"
HELP = "Synthesize every environment in config/ with the pinned CDK CLI and print a summary."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--env", action="append", help="only these environments (repeatable)")
    parser.add_argument("--out", default="cdk.out", help="output folder; each environment goes to OUT/ENV")


def offline_environment() -> dict[str, str]:
    """The subprocess environment: venv Node first, nothing that reaches for the network or AWS."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(
        [str(Path(sys.executable).parent), str(REPO_ROOT / "node_modules" / ".bin"), env["PATH"]]
    )
    env.update(
        CDK_DISABLE_CLI_TELEMETRY="1",
        CDK_DISABLE_VERSION_CHECK="1",
        AWS_EC2_METADATA_DISABLED="true",
        JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION="1",
    )
    return env


def cdk_synth(environment: str, out: Path) -> None:
    cdk = REPO_ROOT / "node_modules" / ".bin" / "cdk"
    if not cdk.exists():
        raise UserFacingError(
            [Problem("node_modules", "aws-cdk", "the pinned CDK CLI is not installed; run ./dev main")]
        )
    command = [str(cdk), "synth", "--quiet", "--no-notices", "-c", f"env={environment}", "-o", str(out)]
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=offline_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise UserFacingError(
            [Problem(f"config/{environment}.yaml", "", f"cdk synth failed (exit {result.returncode})")]
        )


def summarize(environment: str, assembly: Assembly) -> str:
    lines = [f"== {environment}: {len(assembly.stacks)} stack(s) in {assembly.directory}"]
    for stack in assembly.stacks:
        types = stack.resource_types()
        lines.append(f"  {stack.name}  account {stack.account}  {stack.region}  {sum(types.values())} resources")
        for resource_type, count in sorted(types.items()):
            lines.append(f"    {count:4d}  {resource_type}")
    acknowledged: Counter[str] = Counter()
    for stack in assembly.stacks:
        acknowledged.update(stack.acknowledged)
    verdict = "FAILED" if assembly.nag_violations else "passed"
    detail = ", ".join(f"{rule} x{count}" for rule, count in sorted(acknowledged.items())) or "none"
    lines.append(
        f"  cdk-nag AwsSolutions: {verdict}; {len(assembly.nag_violations)} open finding(s); acknowledged: {detail}"
    )
    lines += [f"    open: {violation}" for violation in assembly.nag_violations]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    environments = args.env or list_environments()
    for name in environments:  # validate all first: never synthesize some and fail on a later one
        load_environment(name)
    out_root = REPO_ROOT / args.out
    failed = False
    for name in environments:
        out = out_root / name
        cdk_synth(name, out)
        assembly = read_assembly(out)
        errors = template_errors(assembly)
        failed = failed or bool(assembly.nag_violations) or bool(errors)
        print(summarize(name, assembly))
        print(f"  cfn-lint: {len(assembly.stacks)} template(s), {len(errors)} error(s)")
        for error in errors:
            print(f"    error: {error}")
    print(f"synthesized {len(environments)} environment(s) offline into {out_root}")
    return 1 if failed else 0
