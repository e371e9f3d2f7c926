"""The source documents as one normalised text each, to compare fixture texts against.

The rules are the ones fixtures/BESLUITEN.md states: bullet glyphs out, broken lines joined
(a manual break "woord- " loses its hyphen, "woord-" keeps it), and the PDF leftovers listed
there left out.
"""

import re
from functools import cache
from pathlib import Path

BRONNEN = Path(__file__).resolve().parent.parent / "fixtures" / "bronnen"
GLYPHS = "\uf0b7•➢"

# Lines (1-based, inclusive) that are page headers, footnotes or repeated URLs.
ARTEFACT_LINES = {
    "000": [(965, 965)],
    "001": [(78, 82), (264, 265), (362, 371), (468, 468), (561, 561), (655, 659), (934, 938)],
    "002": [
        (82, 82),
        (265, 270),
        (448, 449),
        (500, 503),
        (697, 699),
        (859, 859),
        (906, 906),
        (948, 952),
    ],
}
FOOTNOTE_MARKS = {"001": [("maken4.", "maken.")]}


def seed_path(prefix: str) -> Path:
    return next(BRONNEN.glob(f"{prefix}_*.txt"))


def join_lines(lines: list[str]) -> str:
    out = ""
    for raw in lines:
        line = raw
        for glyph in GLYPHS:
            line = line.replace(glyph, " ")
        line = line.replace("\t", " ").replace("\u2003", " ").strip()
        if not line:
            continue
        if out.endswith("- "):
            out = out[:-2]
        elif out.endswith("-"):
            pass
        elif out:
            out += " "
        out += line
        if line.endswith("-") and raw.endswith(" "):
            out += " "
    return re.sub(r"\s+", " ", out).strip()


@cache
def normalised(prefix: str) -> str:
    lines = seed_path(prefix).read_text(encoding="utf-8").split("\n")
    drop = {n for a, b in ARTEFACT_LINES.get(prefix, []) for n in range(a, b + 1)}
    text = join_lines([line for n, line in enumerate(lines, 1) if n not in drop])
    for old, new in FOOTNOTE_MARKS.get(prefix, []):
        text = text.replace(old, new)
    return text


def lines(prefix: str, first: int, last: int) -> str:
    """Seed lines first..last joined, for comparing one known passage."""
    raw = seed_path(prefix).read_text(encoding="utf-8").split("\n")
    return join_lines(raw[first - 1 : last])


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
