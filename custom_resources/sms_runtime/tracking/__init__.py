"""Registration status tracking (issue 5): read state from the API, notify once per transition.

Review happens days after ``cdk deploy`` returns, and a registration that reads REQUIRES_UPDATES
hides its reasons on the denied *version*. This package turns API state into one clear notification
per real transition (with each denial reason, the seed tables' advice and the config keys to change)
and into CloudWatch metrics for alarms. Standard library and boto3 only: it runs in Lambda.
"""
