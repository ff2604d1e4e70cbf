"""Every Lambda entry point (custom resources, bulk row step, tracking) budgets its Api the same way."""

from __future__ import annotations

from sms_runtime.sms_client import LAMBDA_MARGIN_SECONDS, MAX_CALL_SECONDS, lambda_budget


class _Context:
    def __init__(self, remaining_ms: int) -> None:
        self._remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self._remaining_ms


def test_the_budget_leaves_the_longest_call_plus_time_to_return_before_the_lambda_timeout() -> None:
    assert LAMBDA_MARGIN_SECONDS > MAX_CALL_SECONDS  # a call started at the deadline still ends in time
    assert lambda_budget(_Context(600_000), default=1.0) == 600.0 - LAMBDA_MARGIN_SECONDS
    assert lambda_budget(_Context(10_000), default=1.0) == 1.0  # never zero or negative


def test_without_a_lambda_context_the_caller_s_default_applies() -> None:
    assert lambda_budget(object(), default=240.0) == 240.0
