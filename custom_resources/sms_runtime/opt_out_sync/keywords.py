"""Which inbound replies opt a recipient out or back in (the guide's "Supported opt-out keywords").

Why our own copy of the list: the two-way payload carries the reply, not what the service did with
it. The service acts on the same keywords, so a reply classified OUT here is on the origin list; a
reply we do not classify is left to the reconciler, which reads the lists themselves. Custom keywords
added to a number are not known here either; the reconciler catches those too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sms_runtime.opt_out_sync.records import State

# The guide: ARRET, CANCEL, END, OPT-OUT, OPTOUT, QUIT, REMOVE, STOP, TD, UNSUBSCRIBE (STOP alone on
# US toll-free numbers, where the carrier handles it; a superset here is harmless).
OPT_OUT_KEYWORDS = frozenset(
    {"ARRET", "CANCEL", "END", "OPT-OUT", "OPTOUT", "QUIT", "REMOVE", "STOP", "TD", "UNSUBSCRIBE"}
)
# The guide's toll-free resubscribe keywords (keyword action Opt-in).
OPT_IN_KEYWORDS = frozenset({"START", "UNSTOP"})


def classify(text: str) -> State | None:
    """OUT or IN for a reply whose first word is a keyword (case and punctuation around it ignored)."""
    words = text.strip().split()
    if not words:
        return None
    word = words[0].strip(".!,;:\"'").upper()
    if word in OPT_OUT_KEYWORDS:
        return "OUT"
    if word in OPT_IN_KEYWORDS:
        return "IN"
    return None


def classify_payload(payload: Mapping[str, Any]) -> State | None:
    """Classify a two-way payload: the registered ``messageKeyword`` first, else the body itself."""
    for member in ("messageKeyword", "messageBody"):
        value = payload.get(member)
        if isinstance(value, str):
            state = classify(value)
            if state is not None:
                return state
    return None
