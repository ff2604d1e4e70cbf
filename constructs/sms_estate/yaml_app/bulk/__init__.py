"""Bulk registrations (issue 6): CSV import, sharding over stacks, account-limit planning, progress.

Hundreds of toll-free registrations do not fit one stack (500 resources, 1 MB template) nor one
custom resource's hour at the account-wide 1 request/s. This package holds what the bulk path adds on
top of the single-registration constructs; it never copies their rules.
"""
