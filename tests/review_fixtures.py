"""A fictional article and its brief (Norland, Estavia, Kessa), with and without a decision
trace, for the review page and ``render`` tests; no cassette needed."""

from __future__ import annotations

import hashlib

from summarizer.models import (
    Actor,
    Brief,
    Count,
    Decision,
    Event,
    Location,
    Meta,
    Reaction,
    Span,
)

FIRST = ("Norland struck an ammunition depot in Kessa with drones on Monday, "
         "killing five soldiers and wounding 12 people.")
SECOND = "A second strike hit a fuel convoy near Lorvik, the army said."
THIRD = "Estavia condemned the attack as a breach of its sovereignty."
TEXT = f"KESSA, Estavia -\n\n{FIRST}\n\n{SECOND}\n\n{THIRD}\n"


def span(quote: str, text: str = TEXT) -> Span:
    start = text.index(quote)
    return Span(quote=quote, start=start, end=start + len(quote))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


TRACE = [
    Decision(path="events[0].attacker", rule="attacker.subject", action="keep",
             value="Norland", evidence=span("Norland")),
    Decision(path="events[0].place", rule="place.gazetteer", value="Kessa",
             evidence=span("Kessa with")),
    Decision(path="events[0].event", rule="event.strike", action="make", value="depot"),
    Decision(path="events[0].event", rule="event.confidence", action="keep", value="0.83"),
    Decision(path="reactions[0].stance", rule="stance.condemned", value="condemn",
             evidence=span("condemned")),
    Decision(path="dropped.event", rule="event.not_an_attack_planned", action="drop",
             value="the border"),
]


def brief(*, trace: bool = False, text: str = TEXT) -> Brief:
    """The brief of ``TEXT``: two events and a reaction; ``trace`` adds ``meta.trace``."""
    return Brief(
        headline="Norland struck an ammunition depot in Kessa with a drone.",
        summary=FIRST,
        events=[
            Event(attacker=[Actor(name="Norland", kind="state")],
                  target=[Actor(name="an ammunition depot")], target_kind="military",
                  weapon="drone", location=Location(place="Kessa", country="Estavia"),
                  killed=Count(min=5, max=5, text="killing five soldiers"),
                  injured=Count(min=12, max=12, text="wounding 12 people"),
                  attribution="confirmed", evidence=[span(FIRST)]),
            Event(target=[Actor(name="a fuel convoy")], location=Location(place="Lorvik"),
                  evidence=[span(SECOND)]),
        ],
        reactions=[Reaction(actor=Actor(name="Estavia", kind="state"), stance="condemn",
                            summary="Estavia condemned the attack.", evidence=[span(THIRD)])],
        meta=Meta(model="m", prompt_version="p1", article_sha256=sha(text),
                  trace=TRACE if trace else None),
    )
