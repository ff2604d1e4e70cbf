"""The bulk rollout's state machine, as Amazon States Language: one reviewable document.

Map over the shard's rows (``MaxConcurrency`` in flight); each row runs the row-step Lambda until it
reports ``Done``, waiting ``WAIT_SECONDS`` between steps. Throttling is retried with capped,
jittered exponential backoff; Lambda service errors as the Step Functions guide advises; a row whose
retries run out is caught (``RowGaveUp``) so one row never fails the rollout, and the next execution
resumes it from the ledger. The pacing numbers come from ``sms_runtime.bulk.schedule``, which the
tests' local driver also follows.

Written as a document rather than built from ``aws_stepfunctions_tasks`` constructs: the result is
the same definition, readable in one place, and each shard stack no longer pays about a hundred jsii
round trips (and the tasks module's import) to produce it.
"""

from __future__ import annotations

import json
from typing import Any

from sms_runtime.bulk import schedule

ROW_STEP_ARN = "RowStepArn"  # the definition substitution that names the row-step function

_LAMBDA_SERVICE_ERRORS = [
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
]


def rollout_definition() -> dict[str, Any]:
    """The definition, with ``${RowStepArn}`` where the row-step function's ARN goes."""
    advance_row = {
        "Type": "Task",
        "Resource": f"${{{ROW_STEP_ARN}}}",
        "Parameters": {"Key.$": "$.Key"},
        "Retry": [
            {"ErrorEquals": _LAMBDA_SERVICE_ERRORS, "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2},
            {
                "ErrorEquals": [schedule.RETRY_ERROR],
                "IntervalSeconds": schedule.RETRY_INTERVAL_SECONDS,
                "MaxAttempts": schedule.RETRY_MAX_ATTEMPTS,
                "BackoffRate": schedule.RETRY_BACKOFF_RATE,
                "MaxDelaySeconds": schedule.RETRY_MAX_DELAY_SECONDS,
                "JitterStrategy": schedule.RETRY_JITTER,
            },
        ],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.Error", "Next": "RowGaveUp"}],
        "Next": "RowDone",
    }
    return {
        "StartAt": "Rows",
        "States": {
            "Rows": {
                "Type": "Map",
                "ItemsPath": "$.Rows",
                "ItemSelector": {"Key.$": "$$.Map.Item.Value"},
                "MaxConcurrency": schedule.MAX_CONCURRENCY,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "INLINE"},
                    "StartAt": "AdvanceRow",
                    "States": {
                        "AdvanceRow": advance_row,
                        "RowDone": {
                            "Type": "Choice",
                            "Choices": [{"Variable": "$.Done", "BooleanEquals": True, "Next": "Row"}],
                            "Default": "WaitBeforeNextStep",
                        },
                        "WaitBeforeNextStep": {"Type": "Wait", "Seconds": schedule.WAIT_SECONDS, "Next": "AdvanceRow"},
                        "Row": {"Type": "Succeed"},
                        "RowGaveUp": {"Type": "Pass", "End": True},
                    },
                },
                "End": True,
            }
        },
    }


def rollout_definition_json() -> str:
    """The definition as the template carries it (keys sorted: byte-identical synths)."""
    return json.dumps(rollout_definition(), sort_keys=True, separators=(",", ":"))
