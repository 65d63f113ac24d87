"""Number words and digit strings to integers ("twenty-five", "a dozen", "1,200" -> int).

Pure ``re``; used by :mod:`summarizer.normalize.counts` and anyone else who needs to read a
figure written in words.
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN = "|".join(TENS)
_SMALL = rf"(?:(?:{_TEN})(?:[-\s](?:{_UNIT}))?|{_UNIT})"
_SCALE = r"(?:hundred|thousand|million)"
# "two hundred and forty-five", "a thousand", "half a dozen", "two dozen", "a dozen"
WORD_NUMBER = (
    rf"(?:half\s+a\s+dozen|(?:a|{_SMALL})\s+dozen"
    rf"|(?:(?:a|{_SMALL})\s+{_SCALE}(?:(?:\s+and)?\s+{_SMALL}(?:\s+{_SCALE})?)*(?!\s+dozen)"
    rf"|{_SMALL}(?!\s+(?:dozen|{_SCALE}))))"
)
# "1,200", "44", "1.5 million"
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d+(?:\.\d+)?(?:\s+(?:thousand|million))?)"
NUMBER = rf"(?:(?<![\w.,:/$£€-]){DIGIT_NUMBER}(?![\w:/]|[.,]\d)|\b{WORD_NUMBER}\b)"
NUMBER_RE = re.compile(NUMBER, re.IGNORECASE)

_TOKEN_RE = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def _step(tok: str, total: int, current: int) -> tuple[int, int] | None:
    """One word's effect on the running (total, current); None when it is no number word."""
    if tok in UNITS:
        return total, current + UNITS[tok]
    if tok in TENS:
        return total, current + TENS[tok]
    if tok == "dozen":
        return total, (current or 1) * 12
    if tok == "hundred":
        return total, (current or 1) * 100
    if tok in ("thousand", "million"):
        return total + (current or 1) * SCALES[tok], 0
    return None


def words_to_int(text: str) -> int | None:
    """Value of a number written in words ("forty-four", "two dozen"), or None if it is not one."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t and t != "and"]
    total = current = 0
    seen = False
    for i, tok in enumerate(tokens):
        if tok == "a" and i + 1 < len(tokens) and tokens[i + 1] in (*SCALES, "dozen"):
            current = current or 1
            continue
        if tok == "half" and tokens[i + 1 : i + 3] == ["a", "dozen"]:
            return 6
        step = _step(tok, total, current)
        if step is None:
            return None
        total, current = step
        seen = True
    return total + current if seen else None


def to_int(text: str) -> int | None:
    """Value of one number written in digits or words ("1,200", "3", "twenty-one"), else None."""
    raw = text.strip().lower()
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(thousand|million))?", raw)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            value *= SCALES[m.group(2)]
        return int(value) if value == int(value) else None
    return words_to_int(raw)
