"""The event types the config accepts are exactly the API's, read without a botocore session."""

from __future__ import annotations

import botocore.session

from sms_estate.yaml_app.config.semantic import api_event_types


def test_event_types_read_from_botocore_data_match_the_loaded_service_model() -> None:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    assert api_event_types() == frozenset(model.shape_for("EventType").enum)
    assert {"TEXT_DELIVERED", "TEXT_BLOCKED", "ALL"} <= api_event_types()
