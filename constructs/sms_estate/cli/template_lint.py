"""cfn-lint over a synthesized assembly: the template check of the main job and the tests.

It stands in for CDK's built-in template validation, which this package turns off in ``cdk synth``
(see ``app_builder.new_app``): cfn-lint checks the same resource schemas per region, and here its
errors fail the main job instead of printing warnings. Imported lazily: cfn-lint takes about a
second to load, which ``cdk synth`` itself should not pay.
"""

from __future__ import annotations

from sms_estate.cli.assembly import Assembly


def template_errors(assembly: Assembly) -> list[str]:
    """Every cfn-lint error (rule IDs ``E*``) in the assembly's templates, as ``stack: rule message``."""
    from cfnlint.api import ManualArgs, lint_file

    errors = []
    for stack in assembly.stacks:
        path = assembly.directory / stack.template_file
        for match in lint_file(path, config=ManualArgs(regions=[stack.region])):
            if match.rule.id.startswith("E"):
                errors.append(f"{stack.name}: {match.rule.id} {match.message}")
    return errors
