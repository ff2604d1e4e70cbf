"""Replies classified as the guide lists them: opt-out keywords, and toll-free UNSTOP/START."""

from __future__ import annotations

import pytest

from sms_runtime.opt_out_sync.keywords import OPT_OUT_KEYWORDS, classify, classify_payload


@pytest.mark.parametrize(
    "keyword", ["ARRET", "CANCEL", "END", "OPT-OUT", "OPTOUT", "QUIT", "REMOVE", "STOP", "TD", "UNSUBSCRIBE"]
)
def test_every_opt_out_keyword_of_the_guide_opts_out(keyword: str) -> None:
    assert classify(keyword) == classify(keyword.lower()) == classify(f"  {keyword.title()}! please") == "OUT"


@pytest.mark.parametrize("keyword", ["START", "UNSTOP", "start", "Unstop."])
def test_the_resubscribe_keywords_opt_in(keyword: str) -> None:
    assert classify(keyword) == "IN"


@pytest.mark.parametrize("text", ["", "   ", "HELP", "please stop", "STOPPED", "STARTING"])
def test_anything_else_is_left_to_the_reconciler(text: str) -> None:
    assert classify(text) is None


def test_the_guide_list_has_ten_keywords() -> None:
    assert len(OPT_OUT_KEYWORDS) == 10


def test_a_payload_is_classified_by_its_keyword_then_its_body() -> None:
    assert classify_payload({"messageKeyword": "", "messageBody": "Stop"}) == "OUT"
    assert classify_payload({"messageKeyword": "UNSTOP", "messageBody": "unstop"}) == "IN"
    assert classify_payload({"messageKeyword": "JOIN", "messageBody": "EXAMPLE"}) is None
