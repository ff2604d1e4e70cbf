"""Text matching shared by the rules: whole-word phrase lists, negation, URLs and domains.

Why whole words: a substring search reads "Stockton" as a stock alert and "Alphabet" as betting, and
a lint that cries wolf gets suppressed wholesale. Phrases match only between non-word characters,
case-insensitively, and a space in a phrase matches any run of spaces or hyphens.

Why every regex of the lint is compiled through :func:`compile_linear`: the lint runs on text people
paste (and in the registration Lambda, within its time budget), so each pattern must take time
linear in the length of its input. Issue 13 found an unanchored email pattern that took minutes on a
40,000-character name. The helper records what it compiles, so the time-bound test in
``tests/runtime/lint/test_lint_linear_time.py`` runs every pattern (a new one included, automatically) on
100,000-character adversarial inputs, and fails on the first one that is not linear.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from sms_runtime.lint import data

_COMPILED: weakref.WeakSet[re.Pattern[str]] = weakref.WeakSet()


def compile_linear(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a lint pattern and record it for the time-bound test (see the module docstring).

    Rules for a linear pattern: an unanchored repetition that can fail late starts only where its
    run starts (a lookbehind); a run followed by a character it cannot contain is possessive; no
    nested repetition can split one run two ways. Weakly held: per-business patterns come and go.
    """
    compiled = re.compile(pattern, flags)
    _COMPILED.add(compiled)
    return compiled


def compiled_patterns() -> list[re.Pattern[str]]:
    """Every pattern compiled through :func:`compile_linear` that is still alive."""
    return list(_COMPILED)


_SENTENCE_END = compile_linear(r"(?<=[.!?;])\s+|\n+")
_WORD = compile_linear(r"[a-z0-9']+")
# The same words read from text as written, for the rare text whose lower-case form has another
# length (so positions in it would not be positions in the text); "\u2019" is the curly apostrophe.
_WORD_AS_WRITTEN = compile_linear(r"[a-z0-9'\u2019]+", re.IGNORECASE)
# Linear: a match starts only where a run of address characters starts (the lookbehind), and the
# possessive runs never give characters back, so each character is read a bounded number of times.
# Without the lookbehind, "aaaa...a!" is scanned from every position: quadratic (issue 13).
_EMAIL = compile_linear(r"(?<![\w.+\-])[\w.+\-]++@[\w\-]++(?:\.[\w\-]++)+")
# Patterns used on every registration are compiled here, not looked up in ``re``'s cache, which the
# per-business patterns of a bulk lint would otherwise keep evicting.
_ALNUM_RUN = compile_linear(r"[a-z0-9]+")
_TOP_LABEL = compile_linear(r"[a-z]{2,63}")
_HOST_LABEL = compile_linear(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# What ends a phrase with a word character (or "$") at its edge, so it gets word boundaries.
_WORDY_EDGE = compile_linear(r"[\w$]")


@dataclass(frozen=True)
class PhraseList:
    """A compiled list of phrases that match whole words only."""

    phrases: tuple[str, ...]

    @functools.cached_property
    def _regex(self) -> re.Pattern[str]:
        # Phrases with word characters at both ends share one boundary-wrapped group (fast); the
        # few with punctuation at an edge ("% off", "$$$") carry their own boundaries.
        plain, edged = [], []
        for phrase in sorted({p.strip() for p in self.phrases if p.strip()}, key=len, reverse=True):
            body = r"[\s\-]+".join(re.escape(word) for word in phrase.split())
            if _WORDY_EDGE.match(phrase) and _WORDY_EDGE.match(phrase[-1]):
                plain.append(body)
            else:
                edged.append(_edged(phrase, body))
        parts = [r"(?<![\w$])(?:" + "|".join(plain) + r")(?![\w$])"] if plain else []
        return compile_linear("|".join(parts + edged) or r"(?!x)x", re.IGNORECASE)

    def find(self, text: str) -> list[re.Match[str]]:
        return list(self._regex.finditer(text))

    def first(self, text: str) -> str | None:
        """The first phrase found in ``text`` as written there, or None."""
        match = self._regex.search(text)
        return match.group(0) if match else None

    def found(self, text: str) -> bool:
        return self._regex.search(text) is not None

    def blank(self, text: str) -> str:
        """``text`` with every match replaced by one space (one pass: linear however many matches)."""
        return self._regex.sub(" ", text)

    def affirmed(self, text: str) -> list[str]:
        """Matches that are not negated earlier in their sentence ("will not be shared with partners")."""
        hits = []
        for sentence in sentences(text):
            matches = self.find(sentence)
            negated_from = first_negator_end(sentence) if matches else 0
            hits += [match.group(0) for match in matches if match.start() < negated_from]
        return hits


def _edged(phrase: str, body: str) -> str:
    start = r"(?<![\w$])" if _WORDY_EDGE.match(phrase) else ""
    end = r"(?![\w$])" if _WORDY_EDGE.match(phrase[-1]) else ""
    return f"(?:{start}{body}{end})"


@functools.cache
def phrases(name: str, key: str) -> PhraseList:
    """The phrase list ``key`` of ``data/<name>.json``, compiled once."""
    return PhraseList(data.words(name, key))


@functools.cache
def phrase_list(words: tuple[str, ...]) -> PhraseList:
    """A phrase list built from nested data (e.g. one use-case family), compiled once."""
    return PhraseList(words)


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


@functools.cache
def _negators() -> frozenset[str]:
    return frozenset(data.words("phrases", "negators"))


def first_negator_end(sentence: str) -> int:
    """Where the sentence's first negator word ("not", "never", "won't", ...) ends; past the end if none.

    A match starting at or after this position is negated. Computed once per sentence: re-reading
    the words before each match made a long sentence with many matches quadratic (issue 13).
    """
    negators = _negators()
    lowered = sentence.lower().replace("\u2019", "'")
    words = _WORD.finditer(lowered) if len(lowered) == len(sentence) else _WORD_AS_WRITTEN.finditer(sentence)
    for word in words:
        written = word.group(0).lower().replace("\u2019", "'")
        if written in negators or written.endswith("n't"):
            return word.end()
    return len(sentence) + 1


def is_negated(sentence: str, position: int) -> bool:
    """True when a negator word comes before ``position`` in the sentence."""
    return position >= first_negator_end(sentence)


@functools.lru_cache(maxsize=8192)
def without_links(text: str) -> str:
    """``text`` with links and email addresses blanked: a domain in a URL does not name a brand.

    Each link is cut out where it was found, in one pass (replacing every copy of every link in
    turn re-read the whole text once per link: quadratic in a text of many links). Cached like
    ``find_urls``: the brand rules ask for the same sample several times.
    """
    text = _EMAIL.sub(" ", text)
    kept, position = [], 0
    for start, url in _url_spans(text):
        kept += [text[position:start], " "]
        position = start + len(url.text)
    kept.append(text[position:])
    return "".join(kept)


def normalized_words(text: str) -> str:
    """Lower-case words joined by single spaces, padded so ``" word "`` tests whole words."""
    return " " + " ".join(_ALNUM_RUN.findall(text.lower().replace("&", " and "))) + " "


# URLs -------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _url_regex() -> re.Pattern[str]:
    tlds = "|".join(sorted({re.escape(t) for t in data.words("domains", "tlds")}, key=len, reverse=True))
    host = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:" + tlds + r")"
    # Linear: a link starts only where a run of host characters starts (the lookbehind), labels are
    # at most 63 characters, and the path is one run that stops only at characters the closing
    # lookahead accepts, so a failed attempt gives back at most a label or a scheme.
    return compile_linear(
        r"(?<![@\w.\-/])(?P<url>(?P<scheme>[a-z][a-z0-9+.\-]*://)?(?P<host>" + host + r")(?::\d{1,5})?"
        r"(?P<path>/[^\s<>\"')\]]*)?)(?![\w\-@])",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class FoundUrl:
    """A link found in free text: as written, its scheme (may be empty) and its host."""

    text: str
    scheme: str
    host: str
    path: str


@functools.lru_cache(maxsize=8192)
def find_urls(text: str) -> tuple[FoundUrl, ...]:
    """Links in message text, with or without a scheme ("example.com/x" counts: phones link it).

    Cached: several rules read the links of the same field, and a bulk lint has thousands of fields.
    """
    return tuple(url for _start, url in _url_spans(text))


def _url_spans(text: str) -> Iterator[tuple[int, FoundUrl]]:
    """Each link with where it starts in ``text``."""
    for match in _url_regex().finditer(text):
        url = match.group("url").rstrip(".,;:!?")
        scheme = (match.group("scheme") or "").lower().removesuffix("://")
        yield match.start("url"), FoundUrl(url, scheme, match.group("host").lower(), match.group("path") or "")


@dataclass(frozen=True)
class ParsedUrl:
    """A URL field value taken apart; ``problem`` is empty when it is a well-formed absolute URL."""

    scheme: str
    host: str
    path: str
    problem: str


@functools.lru_cache(maxsize=8192)
def parse_url_field(value: str) -> ParsedUrl:
    """Parse a website or policy URL field strictly: absolute, a real host name, no spaces."""
    stripped = value.strip()
    if not stripped:
        return ParsedUrl("", "", "", "is empty")
    if any(ch.isspace() for ch in stripped):
        return ParsedUrl("", "", "", "contains spaces")
    candidate = stripped if "://" in stripped else "//" + stripped
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ParsedUrl("", "", "", "cannot be parsed as a URL")
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return ParsedUrl(scheme, host, parts.path, "uses a scheme other than http or https, not a web address")
    if not _is_host_name(host):
        return ParsedUrl(scheme, host, parts.path, "has no valid host name (like www.example.com)")
    return ParsedUrl(scheme, host, parts.path, "")


def _is_host_name(host: str) -> bool:
    labels = host.split(".")
    if len(labels) < 2 or not _TOP_LABEL.fullmatch(labels[-1]):
        return False
    return all(_HOST_LABEL.fullmatch(label) for label in labels)


def host_in(host: str, domains: Iterable[str]) -> str | None:
    """The listed domain ``host`` equals or is a subdomain of, or None."""
    host = host.lower().rstrip(".")
    for domain in domains:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def registrable_domain(host: str) -> str:
    """Best-effort registrable domain: the last two labels, three for ``co.uk``-style names."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "ac", "gov"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def iter_words(text: str) -> Iterator[str]:
    yield from _WORD.findall(text.lower())
