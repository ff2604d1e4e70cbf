"""``sms-estate synth-all``: the main job. Synthesize every environment offline with the pinned CDK CLI.

Runs ``cdk synth -c env=NAME`` per environment (Node 24 from the virtualenv, notices and telemetry
off, no AWS credentials needed: stacks name their account and region and use no lookups), then
prints what was synthesized: stacks, resources by type and the cdk-nag outcome, and runs cfn-lint
over every template (errors fail the job; it replaces CDK's warn-only built-in validation, which
``cdk synth`` skips here for speed).

Each environment goes to ``OUT/<environment name>``: the name the config declares (the schema allows
letters, digits, ``-`` and ``_``), never the text given to ``--env``, which may be a path
(``--env ../elsewhere/x.yaml``) and must not choose where files are written. The folder is checked
to resolve inside ``OUT`` before ``cdk synth`` runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sms_estate.cli.assembly import Assembly, read_assembly
from sms_estate.cli.synthesis import offline_environment
from sms_estate.cli.template_lint import template_errors
from sms_estate.yaml_app.cdk_json import project_dir
from sms_estate.yaml_app.config import list_environments, load_environment, project_config_dir
from sms_estate.yaml_app.config.loader import environment_file
from sms_estate.yaml_app.errors import Problem, UserFacingError

NAME = "synth-all"
HELP = "Synthesize every environment in config/ with the pinned CDK CLI and print a summary."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--env", action="append", help="only these environments (repeatable)")
    parser.add_argument("--out", default="cdk.out", help="output folder; each environment goes to OUT/ENV")


def cdk_synth(environment: str, out: Path) -> None:
    """``cdk synth`` of one environment with the project's pinned CDK CLI, run in the project's directory."""
    project = project_dir()
    cdk = project / "node_modules" / ".bin" / "cdk"
    if not cdk.exists():
        raise UserFacingError(
            [Problem("node_modules", "aws-cdk", "the pinned CDK CLI is not installed; run ./dev main")]
        )
    command = [str(cdk), "synth", "--quiet", "--no-notices", "-c", f"env={environment}", "-o", str(out)]
    result = subprocess.run(
        command, cwd=project, env=offline_environment(project), capture_output=True, text=True, check=False
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


def output_folder(out_root: Path, environment_name: str) -> Path:
    """``out_root/<name>``, refused unless it resolves (symlinks followed) to a folder inside ``out_root``."""
    out = out_root / environment_name
    if out.resolve() == out_root.resolve() or not out.resolve().is_relative_to(out_root.resolve()):
        raise UserFacingError(
            [Problem(str(out_root), environment_name, "this output folder would be outside the output root")]
        )
    return out


def run(args: argparse.Namespace) -> int:
    environments = args.env or list_environments()
    # validate all first: never synthesize some and fail on a later one
    loaded = {name: load_environment(name) for name in environments}
    declared = {name: environment.name for name, environment in loaded.items()}
    out_root = project_dir() / args.out
    folders = {name: output_folder(out_root, declared[name]) for name in environments}
    failed = False
    for name in environments:
        out = folders[name]
        # `cdk synth` runs in the project's directory: a path given to --env is passed on absolute
        in_config_dir = environment_file(name) == project_config_dir() / f"{name}.yaml"
        cdk_synth(name if in_config_dir else str(loaded[name].source.resolve()), out)
        assembly = read_assembly(out)
        errors = template_errors(assembly)
        failed = failed or bool(assembly.nag_violations) or bool(errors)
        print(summarize(declared[name], assembly))
        print(f"  cfn-lint: {len(assembly.stacks)} template(s), {len(errors)} error(s)")
        for error in errors:
            print(f"    error: {error}")
    print(f"synthesized {len(environments)} environment(s) offline into {out_root}")
    return 1 if failed else 0
