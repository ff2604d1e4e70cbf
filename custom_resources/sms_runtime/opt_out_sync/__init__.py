"""Opt-out sync: one set of opt-outs across an environment's regions (issue 17).

The opt-out lists are the truth and the replicated data; the DynamoDB table in the home region is the
sync's bookkeeping (watermarks, per-number event records, idempotency of inbound events). Modules:
``settings`` (the one contract between the construct and the functions), and the engine the
functions and ``sms-estate opt-outs sync`` share.
"""
