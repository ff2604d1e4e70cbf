"""``RegistrationTracking(review_state_parameter_name=...)``: the tracker may read and write that one parameter.

One App, synthesized with cdk-nag: a stack that passes the parameter and one that does not (whose template
must show no trace of it: environments without a review state keep their templates).
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest

from sms_estate import RegistrationTracking, add_nag_checks

PARAMETER = "/sms-estate/team-a/review-state"


class Built:
    def __init__(self, outdir: str) -> None:
        app = cdk.App(outdir=outdir)
        add_nag_checks(app)
        with_state = cdk.Stack(app, "WithReviewState", env=cdk.Environment(account="111122223333", region="eu-west-1"))
        RegistrationTracking(with_state, "Tracking", environment_name="team-a", review_state_parameter_name=PARAMETER)
        agnostic = cdk.Stack(app, "Agnostic")  # region and account are tokens
        RegistrationTracking(agnostic, "Tracking", environment_name="team-a", review_state_parameter_name=PARAMETER)
        without = cdk.Stack(app, "Without")
        RegistrationTracking(without, "Tracking", environment_name="team-a")
        assembly = app.synth()  # raises on an unacknowledged cdk-nag finding
        self.templates: dict[str, dict[str, Any]] = {
            name: assembly.get_stack_by_name(name).template for name in ("WithReviewState", "Agnostic", "Without")
        }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(str(tmp_path_factory.mktemp("review-state")))


def _variables(template: dict[str, Any]) -> dict[str, Any]:
    [function] = [
        r
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function" and r["Properties"]["Handler"].startswith("sms_runtime.tracking")
    ]
    return dict(function["Properties"]["Environment"]["Variables"])


def _ssm_statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for r in template["Resources"].values()
        if r["Type"] == "AWS::IAM::Policy"
        for statement in r["Properties"]["PolicyDocument"]["Statement"]
        if any(str(action).startswith("ssm:") for action in _listed(statement["Action"]))
    ]


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_the_tracker_may_get_and_put_that_one_parameter_and_nothing_else(built: Built) -> None:
    template = built.templates["WithReviewState"]
    [statement] = _ssm_statements(template)
    assert statement == {
        "Action": ["ssm:GetParameter", "ssm:PutParameter"],
        "Effect": "Allow",
        "Resource": {
            "Fn::Join": [
                "",
                [
                    "arn:",
                    {"Ref": "AWS::Partition"},
                    ":ssm:eu-west-1:111122223333:parameter/sms-estate/team-a/review-state",
                ],
            ]
        },
    }
    variables = _variables(template)
    assert variables["REVIEW_STATE_PARAMETER"] == PARAMETER
    assert variables["REVIEW_STATE_STACK"] == "WithReviewState"  # named in approval notifications


def test_an_environment_agnostic_stack_scopes_the_arn_to_its_own_region_and_account(built: Built) -> None:
    [statement] = _ssm_statements(built.templates["Agnostic"])
    assert statement["Resource"] == {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":ssm:",
                {"Ref": "AWS::Region"},
                ":",
                {"Ref": "AWS::AccountId"},
                ":parameter/sms-estate/team-a/review-state",
            ],
        ]
    }


def test_without_the_parameter_there_is_no_variable_and_no_grant(built: Built) -> None:
    template = built.templates["Without"]
    assert _ssm_statements(template) == []
    assert not {"REVIEW_STATE_PARAMETER", "REVIEW_STATE_STACK"} & set(_variables(template))
    assert "review-state" not in str(template)
