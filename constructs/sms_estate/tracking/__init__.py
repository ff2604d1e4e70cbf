"""Registration status tracking, alarms and the dashboard for one environment in one region (issue 5).

``RegistrationTracking`` is the one construct a stack adds, from plain values; ``ConfigEntry`` says
where a registration sits in a config file, for advice that names the key to edit. The Lambda code
lives in ``sms_runtime.tracking``.
"""

from sms_estate.tracking.registration_tracking import RegistrationTracking
from sms_runtime.tracking.config_keys import ConfigEntry

__all__ = ["ConfigEntry", "RegistrationTracking"]
