"""Custom-resource handlers run by the CDK Provider framework (``on_event`` + ``is_complete``).

One module per resource type, and :mod:`.dispatch` routing CloudFormation's request types to them.
The Lambda entry points are ``sms_runtime.handlers.dispatch.on_event`` and ``.is_complete``.
"""
