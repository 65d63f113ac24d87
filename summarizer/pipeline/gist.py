"""The headline and summary of a brief, written from its events with no model: one neutral
sentence on the first event, then the article's own sentences, most important event first."""

from __future__ import annotations

from summarizer.models import Actor, Count, Event, Reaction, Span
from summarizer.pipeline.names import DATELINE_RE


def _undated(quote: str) -> str:
    """The opening sentence without its dateline."""
    return DATELINE_RE.sub("", quote)


_WEAPON = {"airstrike": "an airstrike", "drone": "a drone strike",
           "missile": "a missile strike", "artillery": "shelling",
           "ground_raid": "a raid"}
_HOW = {"airstrike": " from the air", "drone": " with a drone", "missile": " with a missile",
        "artillery": " with artillery", "ground_raid": " in a raid"}


def listed(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _names(actors: list[Actor]) -> str:
    return listed(list(dict.fromkeys(" ".join(a.name.split()) for a in actors)))


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".") + "."
    return text[:1].upper() + text[1:]


def headline(events: list[Event]) -> str:
    """Who struck whom, where, with what, from the first event; nothing it does not say:
    "Norland struck the depot and a convoy in Kessa with a drone." (an unnamed attacker:
    "A drone strike hit the depot in Kessa."; no target: "Norland carried out an airstrike
    in Kessa.")."""
    if not events:
        return "The article reports no military strike."
    e = events[0]
    where = e.location.place or e.location.country
    place = e.location.place or ""
    said = [t.name for t in e.target if place and _overlap(place, t.name)]
    if said:
        # "an airfield in Russia's airfield": the country; "a depot near Kessa in Kessa":
        # nothing more; "airport in Kessa airport": the place
        named = any(place.lower() in t.lower() for t in said)
        where = e.location.country or (None if named else place)
    at = f" in {' '.join(where.split())}" if where else ""
    weapon = _WEAPON.get(e.weapon)
    target = _names(e.target)
    if not e.attacker:
        strike = weapon or "a strike"
        return _sentence(f"{strike} hit {target}{at}" if target else f"{strike} was reported{at}")
    attacker = _names(e.attacker)
    if not target:
        return _sentence(f"{attacker} carried out {weapon or 'a strike'}{at}")
    return _sentence(f"{attacker} struck {target}{at}{_HOW.get(e.weapon, '')}")


def _overlap(place: str, target: str) -> bool:
    """One names the other, word for word ("Russia's airfield" and "airfield"; not "Port
    Sudan" and "port", a city's name)."""
    def ends_with(text: str, tail: str) -> bool:
        head = text[: len(text) - len(tail)]
        return text.endswith(tail) and not head[-1:].isalnum()

    a, b = place.lower(), target.lower()
    return ends_with(a, b) or ends_with(b, a)


def _toll(count: Count) -> int:
    return max(count.min or 0, count.max or 0)


def _weight(event: Event) -> tuple[int, int, int]:
    return _toll(event.killed), _toll(event.injured), len(event.evidence)


def summary(events: list[Event], reactions: list[Reaction], sentences: list[Span]) -> str:
    """2–4 of the article's own sentences: the first evidence of the most important event
    (most killed, then injured, then most evidence; the first on a tie), then the other
    events' and the reactions' in order, up to four, each without a dateline ("ANKARA,
    Turkey (AP) — "); when that is one sentence, a closing count of strikes and reactions."""
    if not events:
        first = [_undated(" ".join(sentences[0].quote.split()))] if sentences else []
        return " ".join(["The article reports no strike.", *first])
    top = max(range(len(events)), key=lambda i: (_weight(events[i]), -i))
    ordered = [events[top], *(e for i, e in enumerate(events) if i != top)]
    picked: list[str] = []
    candidates = [*(e.evidence[:1] for e in ordered), events[top].evidence[1:2],
                  *(r.evidence[:1] for r in reactions)]
    for spans in candidates:
        for span in spans:
            quote = " ".join(span.quote.split())
            if sentences and span.start <= sentences[0].start:  # only the text opens so
                quote = _undated(quote)
            if quote and quote not in picked and len(picked) < 4:
                picked.append(quote)
    if len(picked) < 2:
        n, m = len(events), len(reactions)
        picked.append(f"The article reports {n} strike{'s' if n != 1 else ''} and "
                      f"{m or 'no'} reaction{'s' if m != 1 else ''}.")
    return " ".join(picked)
