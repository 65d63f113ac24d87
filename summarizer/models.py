"""The brief contract (``shared/docs/brief-contract.md``) as pydantic models.

These models *are* the interface: ``schemas/brief.schema.json`` is generated from them
and a test fails when the two drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Final = "1"

TargetKind = Literal["military", "militant", "civilian", "infrastructure", "mixed", "unknown"]
Weapon = Literal["airstrike", "drone", "missile", "artillery", "ground_raid", "other", "unknown"]
Attribution = Literal["claimed", "confirmed", "alleged", "denied", "unknown"]
ActorKind = Literal["state", "armed_group", "civilians", "organisation", "person", "unknown"]
Stance = Literal["condemn", "support", "threaten", "deny", "call_for_restraint", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A verbatim piece of the article: ``article[start:end] == quote``."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end - self.start != len(self.quote):
            raise ValueError("end - start must equal len(quote)")
        return self


class Actor(_Model):
    """One canonical name across the brief, with the text's other spellings."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: ActorKind = "unknown"


class Count(_Model):
    """A casualty figure: a range derived by code from the verbatim figure phrase."""

    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)
    text: str | None = None


class Location(_Model):
    place: str | None = None
    country: str | None = None
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    countries: list[str] = Field(default_factory=list)


class Event(_Model):
    attacker: list[Actor] = Field(default_factory=list)
    target: list[Actor] = Field(default_factory=list)
    target_kind: TargetKind = "unknown"
    weapon: Weapon = "unknown"
    location: Location = Field(default_factory=Location)
    date: dt.date | None = None
    attribution: Attribution = "unknown"
    killed: Count = Field(default_factory=Count)
    injured: Count = Field(default_factory=Count)
    retaliation_for: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class Reaction(_Model):
    actor: Actor
    stance: Stance = "other"
    summary: str
    quote: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class Usage(_Model):
    prompt_tokens: int = 0
    completion_tokens: int = 0


# the trace record of a kept event's confidence (its value the score, "0.83"), which
# --explain, the review page and ``eval --calibration`` read
CONFIDENCE_RULE = "event.confidence"


class Decision(_Model):
    """One named rule's decision behind a value of the brief (``summarize --explain``)."""

    path: str = Field(description="what it decided: 'events[0].attacker', "
                                  "'reactions[1].stance', or 'dropped.event'")
    rule: str = Field(description="the stable rule id, 'field.rule'")
    action: Literal["set", "keep", "drop", "merge", "make"] = "set"
    value: str = ""
    evidence: Span | None = None


class Meta(_Model):
    model: str
    prompt_version: str
    article_sha256: str
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0
    # only when asked for (--explain, explain=True): absent from the JSON otherwise
    trace: list[Decision] | None = Field(default=None, exclude_if=lambda v: v is None)


class Brief(_Model):
    """What summarizer returns for one article."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    headline: str
    summary: str
    published: dt.date | None = None
    events: list[Event] = Field(default_factory=list)
    reactions: list[Reaction] = Field(default_factory=list)
    meta: Meta

    def without_trace(self) -> Brief:
        """The brief as the contract gives it: no decision trace (what caches keep)."""
        return self.model_copy(update={"meta": self.meta.model_copy(update={"trace": None})})

    def confidences(self) -> list[float | None]:
        """Each event's confidence, from 0 to 1, as the trace gives it (a brief made with
        ``explain=True``); None for an event it does not score (no trace, or a text shorter
        than a paragraph). On fresh text, about 9 events in 10 scored 0.8 or more are
        right, and about half of those from 0.4 to 0.6 (docs/accuracy.md)."""
        found: dict[str, float] = {d.path: float(d.value) for d in self.meta.trace or []
                                   if d.rule == CONFIDENCE_RULE}
        return [found.get(f"events[{i}].event") for i in range(len(self.events))]


def brief_json_schema() -> dict[str, object]:
    """The JSON Schema of a brief, as written to ``schemas/brief.schema.json``."""
    schema = Brief.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://summarizer.invalid/schemas/brief.schema.json"
    return schema
