"""Registration status tracking, alarms and the dashboard for one environment in one region (issue 5).

``RegistrationTracking`` is the one construct a stack adds, from plain values; ``ReviewStateParameter``
and ``review_state_value`` carry approvals into the next deploy (see ``review_state``); ``ConfigEntry`` says
where a registration sits in a config file, for advice that names the key to edit. The Lambda code
lives in ``sms_runtime.tracking``.
"""

from sms_estate.tracking.registration_tracking import RegistrationTracking
from sms_estate.tracking.review_state import ReviewStateParameter, review_state_parameter_name, review_state_value
from sms_runtime.tracking.config_keys import ConfigEntry

__all__ = [
    "ConfigEntry",
    "RegistrationTracking",
    "ReviewStateParameter",
    "review_state_parameter_name",
    "review_state_value",
]
