"""The events an export could not place: their places, for a note on stderr."""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.models import Brief
from summarizer.outputs.geocode import resolve

_SHOWN = 10


def unplaced(briefs: Iterable[tuple[str, Brief]]) -> list[str]:
    """The place (or "no place") of every event that gets no coordinates, in order."""
    return [event.location.place or event.location.country or "no place"
            for _, brief in briefs for event in brief.events
            if resolve(event.location) is None]


def unplaced_note(briefs: Iterable[tuple[str, Brief]]) -> str:
    """One line naming the events without coordinates (empty when every event has some)."""
    places = unplaced(briefs)
    if not places:
        return ""
    names = list(dict.fromkeys(places))
    shown = "; ".join(names[:_SHOWN]) + (f"; and {len(names) - _SHOWN} more"
                                         if len(names) > _SHOWN else "")
    return (f"note: {len(places)} event(s) without coordinates (places not in the "
            f"gazetteer): {shown}")
