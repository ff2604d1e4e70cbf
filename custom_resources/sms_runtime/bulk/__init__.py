"""The durable bulk rollout (issue 6): registrations advanced row by row by a Step Functions workflow.

Why not one custom resource per registration: at the account-wide 1 request/s, hundreds of
registrations need hours of field writes, and CloudFormation gives a custom resource one hour. The
deploy starts an execution and returns; the workflow advances each row with the same handler code
the custom resources run (``sms_runtime.handlers.dispatch``), recording per-row state in a ledger.
"""
