"""Regions where AWS End User Messaging SMS is offered, per the SMS user guide's region table.

Source: seeds/pinpoint-sms-user-guide.txt lines 228-532 ("29 Regions in total"). A region outside
this list fails validation rather than failing at deploy time with an unreachable endpoint.
"""

from __future__ import annotations

SMS_REGIONS: frozenset[str] = frozenset(
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
        "us-gov-west-1", "us-gov-east-1",
        "af-south-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-southeast-1", "ap-southeast-2", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
        "eu-north-1", "me-south-1", "sa-east-1",
        "ap-south-2", "ap-southeast-3", "ap-southeast-4", "eu-south-1", "eu-south-2", "eu-central-2",
        "il-central-1", "me-central-1",
    }
)  # fmt: skip
