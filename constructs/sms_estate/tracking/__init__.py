"""Registration status tracking, alarms and the dashboard for one environment in one region (issue 5).

``RegistrationTracking`` is the one construct a stack adds; the Lambda code lives in
``sms_runtime.tracking``.
"""

from sms_estate.tracking.registration_tracking import RegistrationTracking

__all__ = ["RegistrationTracking"]
