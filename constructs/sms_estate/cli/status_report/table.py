"""Left-aligned text columns, shared by every table ``status`` prints (registrations, numbers, bulk shards)."""

from __future__ import annotations


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """``headers`` and ``rows`` as lines indented by two spaces, each column as wide as its widest cell."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), *(line(r) for r in rows)]
