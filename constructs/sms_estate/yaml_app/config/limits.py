"""Size limits on what the package reads, stated once: each one is checked before the work it bounds.

Why limits at all: configs and CSVs come from people and tools the package does not control. Without a
bound, a careless export (a 130 KB cell) or a hostile file makes a command spend minutes or gigabytes
before it reports anything. Each limit is far above what a real estate needs and gives the usual
``file: where: message`` error with exit 2.
"""

from __future__ import annotations

import reprlib

from sms_runtime.registration.attachment_files import DOCUMENTED

# import-csv (sms_estate.yaml_app.bulk.csv_rows). The largest registration TEXT field allows 1,500 characters
# (field definitions snapshot); a cell longer than MAX_CSV_CELL_CHARS is an error on its row and is
# never linted, so no rule runs on it. A row holds at most one cell per known column (an unknown or
# repeated header stops the import), so a row is at most that many cells of this size.
MAX_CSV_CELL_CHARS = 2_048
# Rows a CSV may hold: well above a bulk rollout of hundreds of registrations, below what would take
# the lint (about 600 registrations/s) more than seconds.
MAX_CSV_ROWS = 5_000
# The CSV file itself, checked before it is read (a file larger than this is not read at all).
MAX_CSV_BYTES = 16 * 1024 * 1024

# Each JSON file of a cloud assembly (manifest, template, metadata, nag report) that ``diff`` or the
# main job reads. CloudFormation accepts templates of at most 1 MB; this leaves room for metadata.
MAX_ASSEMBLY_FILE_BYTES = 64 * 1024 * 1024

# The environment config (sms_estate.yaml_app.config.yaml_source), checked before libyaml sees a byte. The
# largest sample bulk environment (300 registrations) is about 0.7 MB.
MAX_CONFIG_BYTES = 4 * 1024 * 1024
# Nesting depth of the YAML document (the top-level mapping is depth 1, a scalar in it depth 2); a real
# config nests about 8 deep. Why a bound: libyaml's scanner costs O(depth) per token (quadratic overall)
# and its composer recurses in C, so 100,000 nested `[` used to crash the interpreter.
MAX_YAML_DEPTH = 64
# Nodes that aliases (`*name`) may add in total, counted as if every alias were expanded in place. A
# shared block of registration fields is a few dozen nodes per use; an "alias bomb" is billions.
MAX_YAML_ALIAS_NODES = 20_000
# Characters of a value quoted in an error message; the rest is elided (``...``).
MAX_SHOWN_VALUE_CHARS = 80

# A registration attachment (an opt-in screenshot, a letter): the largest any documented file type may
# be (500 KB: sms_runtime.registration.attachment_files.DOCUMENTED); it must be a regular file that resolves,
# symlinks followed, inside the folder of the config file that names it.
MAX_ATTACHMENT_BYTES = max(DOCUMENTED.values())

# CloudFormation resources per stack: a hard limit. A config whose messaging stack would need more than
# the budget is refused at validate, with the advice to use `bulk:` (shard stacks).
STACK_RESOURCE_LIMIT = 500
STACK_RESOURCE_BUDGET = 450


def shown_value(value: object) -> str:
    """``repr(value)`` cut to about ``MAX_SHOWN_VALUE_CHARS`` per string and a few items per level.

    Every message that quotes a value from an input goes through this, so a megabyte string or an
    expanded alias is never printed whole.
    """
    return _SHORT.repr(value)


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = MAX_SHOWN_VALUE_CHARS
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict = 2, 4, 4
