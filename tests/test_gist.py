"""The headline and summary written from the events: one grammatical sentence on the first
event whatever its target list, and a summary that opens with the most important event."""

from __future__ import annotations

import pytest

from summarizer.models import Actor, Count, Event, Location, Reaction, Span
from summarizer.pipeline.gist import headline, summary


def _actors(*names: str) -> list[Actor]:
    return [Actor(name=n) for n in names]


@pytest.mark.parametrize(("event", "expected"), [
    (Event(attacker=_actors("Norland"), target=_actors("a depot"), weapon="drone",
           location=Location(place="Kessa")),
     "Norland struck a depot in Kessa with a drone."),
    (Event(attacker=_actors("Norland"), target=_actors("a depot", "a convoy"),
           weapon="airstrike", location=Location(country="Estavia")),
     "Norland struck a depot and a convoy in Estavia from the air."),
    (Event(attacker=_actors("Norland", "Estavia"),
           target=_actors("fighters", "positions", "a bridge"), weapon="other"),
     "Norland and Estavia struck fighters, positions and a bridge."),
    (Event(target=_actors("the market"), weapon="missile", location=Location(place="Kessa")),
     "A missile strike hit the market in Kessa."),
    (Event(attacker=_actors("the Estavian army"), weapon="artillery",
           location=Location(place="Lorvik")),
     "The Estavian army carried out shelling in Lorvik."),
    (Event(), "A strike was reported."),
])
def test_headline_is_one_sentence_on_the_first_event(event: Event, expected: str) -> None:
    other = Event(attacker=_actors("Kessa Front"), target=_actors("a school"))
    assert headline([event, other]) == expected


def test_no_event_headline() -> None:
    assert headline([]) == "The article reports no military strike."


def _span(quote: str, start: int) -> Span:
    return Span(quote=quote, start=start, end=start + len(quote))


DEPOT = _span("Jets hit a depot in Kessa.", 0)
MARKET = _span("A drone struck the market,\n killing nine people.", 30)
MORE = _span("Rescuers searched the rubble.", 90)
CONDEMN = _span("Estavia condemned the strike.", 130)


def test_summary_opens_with_the_deadliest_event() -> None:
    events = [Event(evidence=[DEPOT]),
              Event(killed=Count(min=9, max=9, text="killing nine people"),
                    evidence=[MARKET, MORE])]
    reactions = [Reaction(actor=Actor(name="Estavia"), summary="s", evidence=[CONDEMN])]
    assert summary(events, reactions, []) == (
        "A drone struck the market, killing nine people. Jets hit a depot in Kessa. "
        "Rescuers searched the rubble. Estavia condemned the strike.")


def test_summary_keeps_two_sentences_at_least_and_four_at_most() -> None:
    assert summary([Event(evidence=[DEPOT])], [], []) == (
        "Jets hit a depot in Kessa. The article reports 1 strike and no reactions.")
    many = [Event(evidence=[_span(f"Strike {n} hit.", n * 20)]) for n in range(6)]
    assert summary(many, [], []) == "Strike 0 hit. Strike 1 hit. Strike 2 hit. Strike 3 hit."
    assert summary([], [], [DEPOT]) == "The article reports no strike. Jets hit a depot in Kessa."


def test_summary_drops_the_dateline_of_the_opening_sentence_only() -> None:
    lead = _span("KESSA, Estavia (AP) — Norland jets hit a depot in Kessa.", 0)
    later = _span("KESSA, Estavia — Norland jets fired again.", 60)
    events = [Event(evidence=[lead]), Event(evidence=[later])]
    assert summary(events, [], [lead, later]) == (
        "Norland jets hit a depot in Kessa. KESSA, Estavia — Norland jets fired again.")
    # a text with no strike: its first sentence without its dateline
    assert summary([], [], [lead]) == (
        "The article reports no strike. Norland jets hit a depot in Kessa.")
    # an article that opens with no dateline keeps its first words
    plain = _span("Norland — The Estavian army said — fired again.", 0)
    assert summary([Event(evidence=[plain])], [], [plain]).startswith("Norland — The")


def test_headline_says_the_country_when_the_place_repeats_a_target() -> None:
    event = Event(attacker=_actors("Norland"), target=_actors("six jets", "airfield"),
                  weapon="drone",
                  location=Location(place="Estavia's airfield", country="Estavia"))
    assert headline([event]) == "Norland struck six jets and airfield in Estavia with a drone."
    event = Event(attacker=_actors("Norland"), target=_actors("a depot near Kessa"),
                  location=Location(place="Kessa"))
    assert headline([event]) == "Norland struck a depot near Kessa."
    # the place holds the target and no country is known: the place stays
    event = Event(attacker=_actors("Norland"), target=_actors("airport"),
                  location=Location(place="Kessa airport"))
    assert headline([event]) == "Norland struck airport in Kessa airport."
    # a city whose name holds a target's word is no repetition of it
    event = Event(attacker=_actors("Norland"), target=_actors("port"),
                  location=Location(place="Port Kessa", country="Estavia"))
    assert headline([event]) == "Norland struck port in Port Kessa."
