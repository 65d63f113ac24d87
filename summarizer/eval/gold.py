"""The gold files of an evaluation set (``shared/eval/README.md``) as pydantic models.

A gold file pairs an article text with a hand-written gold brief. The models check the
README's format strictly, so a malformed file fails early with its name and the field at
fault instead of skewing the scores.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from summarizer.errors import GoldFormatError

GoldTargetKind = Literal["military", "militant", "civilian", "infrastructure", "mixed", "unknown"]
GoldAttribution = Literal["claimed", "confirmed", "alleged", "denied", "unknown"]
GoldStance = Literal["condemn", "support", "threaten", "deny", "call_for_restraint", "other"]

# README spellings plus the contract's (``ground_raid``, ``other``), for combinations joined by "+"
GOLD_WEAPONS = frozenset(
    {"airstrike", "drone", "missile", "artillery", "ground raid", "ground_raid", "other", "unknown"}
)
OPTIONAL_MARKERS = ("[background]", "[aggregate]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldCount(_Strict):
    min: int | None = Field(ge=0)
    max: int | None = Field(ge=0)


class GoldLocation(_Strict):
    place: str | None
    country: str | None


class GoldEvent(_Strict):
    attacker: list[str]
    attacker_aliases: list[str]
    target: list[str]
    target_kind: GoldTargetKind
    weapon: str
    location: GoldLocation
    date: dt.date | None
    attribution: GoldAttribution
    killed: GoldCount
    injured: GoldCount
    casualty_notes: str | None
    is_retaliation_for: str | None

    @field_validator("weapon")
    @classmethod
    def _known_weapons(cls, value: str) -> str:
        unknown = [part for part in value.split("+") if part not in GOLD_WEAPONS]
        if unknown:
            raise ValueError(f"unknown weapon {', '.join(map(repr, unknown))}")
        return value

    @property
    def optional(self) -> bool:
        """Background and aggregate events: neither rewarded nor penalised by the scorer."""
        return (self.casualty_notes or "").startswith(OPTIONAL_MARKERS)


class GoldReaction(_Strict):
    actor: str
    stance: GoldStance
    summary: str
    quote: str | None


class GoldBrief(_Strict):
    events: list[GoldEvent]
    reactions: list[GoldReaction]


class GoldFile(_Strict):
    """One article with its gold brief; ``stem`` is the file name without ``.json``."""

    source: str
    title: str | None
    published: dt.date | None
    text: str
    gold: GoldBrief
    stem: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _quotes_verbatim(self) -> GoldFile:
        for n, reaction in enumerate(self.gold.reactions):
            if reaction.quote is not None and reaction.quote not in self.text:
                raise ValueError(f"gold.reactions[{n}].quote is not a substring of text")
        return self

    def as_dict(self) -> dict[str, object]:
        """The file's JSON shape, as the scorer reads it."""
        return self.model_dump(mode="json")


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "file"
    more = err.error_count() - 1
    return f"{where}: {first['msg']}" + (f" (and {more} more problems)" if more else "")


def load_gold_file(path: Path) -> GoldFile:
    """Read and check one gold file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise GoldFormatError(path, f"cannot read it ({err.__class__.__name__})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise GoldFormatError(path, f"not JSON (line {err.lineno}: {err.msg})") from None
    if not isinstance(data, dict):
        raise GoldFormatError(path, "not a JSON object")
    try:
        gold = GoldFile.model_validate(data)
    except ValidationError as err:
        raise GoldFormatError(path, _first_error(err)) from None
    return gold.model_copy(update={"stem": path.stem})


def load_gold_dir(path: Path) -> list[GoldFile]:
    """Every ``*.json`` gold file of a folder, sorted by file name."""
    if not path.is_dir():
        raise GoldFormatError(path, "not a folder of gold files")
    files = sorted(path.glob("*.json"))
    if not files:
        raise GoldFormatError(path, "no *.json gold files in this folder")
    return [load_gold_file(file) for file in files]
