"""The YAML-driven app: one client of the library.

Config files (``config/``) are loaded and checked (``config``), turned into stacks (``stacks``), and
bulk registrations are sharded into stacks of their own (``bulk``). Imports the library, never the
command line (``sms_estate.cli``).
"""
