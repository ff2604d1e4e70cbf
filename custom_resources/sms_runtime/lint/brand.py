"""How a registered company name becomes the brand a reader should see in each message.

Carriers read "BrightPath: your code is 123456" as branded by "BrightPath Dental Group LLC": the
legal suffix and generic tail words are dropped, and a distinctive first word is enough.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sms_runtime.lint import data
from sms_runtime.lint.text import compile_linear, normalized_words, without_links

# The API takes at most 100 characters of company name, so at most 50 words: no name it accepts loses
# a word here. A longer value is already a structure error; this only keeps its name patterns small
# (one word per 100,000 characters of "1 1 1 ..." made a pattern that took seconds to compile).
MAX_NAME_WORDS = 50


@dataclass(frozen=True)
class Brand:
    """Name forms that count as naming the business, normalised to lower-case words."""

    company: str
    forms: tuple[str, ...]

    @classmethod
    def from_company_name(cls, company: str) -> Brand:
        words = normalized_words(company).split()[:MAX_NAME_WORDS]
        suffixes = {s.replace(" ", "") for s in data.words("brand", "legal_suffixes")}
        while words and words[-1] in suffixes:
            words.pop()
        if words and words[0] == "the":
            words = words[1:]
        tail = set(data.words("brand", "generic_tail_words"))
        core = list(words)
        while len(core) > 1 and core[-1] in tail:
            core.pop()
        forms = {" ".join(words), " ".join(core)}
        if len(core) >= 2:
            forms.add(" ".join(core[:2]))
        if core and len(core[0]) >= 4 and core[0] not in data.words("brand", "common_first_words"):
            forms.add(core[0])
        return cls(company, tuple(sorted(form for form in forms if form)))

    def named_in(self, text: str) -> bool:
        """True when ``text`` names the business (spacing and case ignored: "Bright Path" = "BrightPath")."""
        if not self.forms:
            return True
        spaced = normalized_words(without_links(text))
        squashed = spaced.replace(" ", "")
        for form in self.forms:
            if f" {form} " in spaced:
                return True
            joined = form.replace(" ", "")
            if len(joined) >= 6 and joined in squashed:
                return True
        return False

    def remove_from(self, text: str) -> str:
        """``text`` with every form of the name blanked, longest first (for scanning the rest)."""
        for form in sorted(self.forms, key=len, reverse=True):
            text = _blanking_pattern(form).sub(" ", text)
        return text


@functools.lru_cache(maxsize=4096)
def _blanking_pattern(form: str) -> re.Pattern[str]:
    r"""One compiled pattern per name form. Compiled through ``re``'s own 512-entry cache instead, the
    forms of a few hundred businesses evicted every other pattern of the lint, which then recompiled.

    The separator is possessive: a form's words are letters and digits, which ``[\W_]`` never holds,
    so giving characters back could not help; without it, a word followed by a long run of spaces
    was re-read once per space."""
    words = r"[\W_]++".join(re.escape(word) for word in form.split())
    return compile_linear(rf"\b{words}\b", re.IGNORECASE)
