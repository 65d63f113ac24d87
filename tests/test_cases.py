"""Sentence cases as data: every record of ``tests/cases/*.jsonl`` run through the real rule
code, its value compared with the record's exact ``expected`` and, when the record names a
``rule``, that rule id found among the decisions the run noted (``summarizer.trace``).

A record (``tests/cases/README.md``): ``id``, ``comment``, ``check`` (a key of ``CHECKS``), the
check's inputs, ``expected``, and optionally ``rule`` (one id or a list) and ``xfail`` (why
today's value is wrong; the case then fails strictly until the code is right). A malformed
record (an unknown check or field, a missing input or ``expected``, a duplicate id) fails the
load, so no case is silently skipped.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer import trace
from summarizer.models import Span
from summarizer.normalize import Evidence
from summarizer.normalize.cues import (
    attribution_of,
    attribution_with_reason,
    target_kind_with_rule,
    weapon_with_rule,
)
from summarizer.normalize.geo import (
    article_countries,
    countries_in,
    country_code,
    country_of_place,
    country_of_place_with_rule,
)
from summarizer.pipeline import assemble
from summarizer.pipeline.attackers import (
    attacker_rejection,
    blamed_on,
    is_reporter,
    is_victim,
)
from summarizer.pipeline.draft import Draft, draft_of
from summarizer.pipeline.merging import _countries, merge
from summarizer.pipeline.names import clean_attacker, with_country
from summarizer.pipeline.places import _place, location_of, own_country
from summarizer.pipeline.planning import (
    Call,
    StrikeOut,
    StrikesOut,
    is_strike_sentence,
    plan,
)
from summarizer.pipeline.reactions import from_statement
from summarizer.pipeline.statements import stance_with_rule, statements
from summarizer.pipeline.tolls import count_of
from summarizer.reader import article_from_text

CASES_DIR = Path(__file__).parent / "cases"
FILLER = "Filler."  # the sentences before a strike's own, when the case gives no context

Record = dict[str, Any]
# a check returns the value compared with ``expected`` and the rule ids a helper returned
# (a traced check's rule ids come from the trace)
Result = tuple[Any, set[str]]


def spans_of(*sentences: str) -> list[Span]:
    """The sentences as an article's spans: one space between them."""
    out, start = [], 0
    for s in sentences:
        out.append(Span(quote=s, start=start, end=start + len(s)))
        start += len(s) + 1
    return out


def _strike(answer: Record) -> StrikeOut:
    return StrikeOut.model_validate(answer)


def _sentences_before(step: Record) -> list[str]:
    """The strike sentence at index ``at`` (default 0): fillers, then ``context`` if given."""
    at = int(step.get("at", 0))
    context = step.get("context")
    if context is not None and at < 1:
        raise ValueError("a context sentence needs at >= 1")
    before = [FILLER] * at
    if context is not None:
        before[-1] = context
    return [*before, step["sentence"]]


# a draft's flags, written in an expectation only when set
_FLAGS = ("separate", "restates", "fresh", "owns", "echo")


def _draft_json(draft: Draft | None) -> Record | None:
    """The draft as a record, its unset flags left out (a new flag adds nothing to cases)."""
    if draft is None:
        return None
    return {k: v for k, v in dataclasses.asdict(draft).items() if not (k in _FLAGS and not v)}


def _draft_step(step: Record) -> Draft | None:
    spans = spans_of(*_sentences_before(step))
    strike = _strike(step["answer"])
    targets_here = step.get("targets_here", [strike.target])
    return draft_of(strike, spans, len(spans) - 1, targets_here)


# --- the checks: name -> (function, required inputs, optional inputs) ----------------------


def _check_draft(r: Record) -> Result:
    return _draft_json(_draft_step(r)), set()


def _check_merge(r: Record) -> Result:
    drafts: list[Draft] = []
    for step in r["strikes"]:
        draft = _draft_step(step)
        if draft is None:
            raise AssertionError(f"no draft for {step['sentence']!r}")
        merge(drafts, draft)
    return [_draft_json(d) for d in drafts], set()


def _check_attacker_rejection(r: Record) -> Result:
    rule = attacker_rejection(r["name"], r["sentence"], r.get("context", ""), r.get("target", ""))
    return rule, {rule} if rule else set()


def _check_stance(r: Record) -> Result:
    stance, rule = stance_with_rule(r["text"])
    return [stance, rule], {rule} if rule else set()


def _words(text: str, found: Evidence) -> str | None:
    """The words at a rule's offsets in ``text`` (None when it relied on none)."""
    return None if found is None else text[found[0]:found[1]]


def _check_attribution_rule(r: Record) -> Result:
    """The label, rule id and sentence read: in ``context`` for ``*_in_article``, else in
    ``evidence``."""
    context = r.get("context")
    label, rule, found = attribution_with_reason(r["evidence"], r["names"], context=context)
    where = (context or "") if rule.endswith("_in_article") else r["evidence"]
    return [label, rule, _words(where, found)], {rule}


def _with_rule(fn: Callable[[str], tuple[Any, str, Evidence]], key: str
               ) -> Callable[[Record], Result]:
    """A helper that returns (value, rule id, offsets in its text): ``[value, rule id, the
    words at the offsets]``."""
    def run(r: Record) -> Result:
        value, rule, found = fn(r[key])
        return [value, rule, _words(r[key], found)], {rule}
    return run


def _check_place_rule(r: Record) -> Result:
    """``country_of_place_rule``, inside ``article_countries`` of the ``named`` countries."""
    with article_countries(country_code(n, fuzzy=False) or n for n in r.get("named", [])):
        return _with_rule(country_of_place_with_rule, "place")(r)


def _check_count(r: Record) -> Result:
    count = count_of(r["sentences"], r["kind"], r.get("attackers", []))
    return count.model_dump(), set()


def _check_statements(r: Record) -> Result:
    """The text's statement frames, each made a reaction as ``assemble`` makes it (which
    notes the frame's actor and stance rule ids)."""
    article = article_from_text(" ".join(r["sentences"]), "t")
    found = statements(spans_of(*r["sentences"]))
    for st in found:
        from_statement(st, article)
    return [[s.speaker, s.stance] for s in found], set()


def _answers(r: Record, calls: list[Any]) -> dict[str, Any]:
    """``answers`` by call name; ``strike-*`` answers every strike call that has no answer
    of its own."""
    given: Record = r["answers"]
    out: dict[str, Any] = {}
    for c in calls:
        answer = given.get(c.name, given.get("strike-*"))
        if answer is not None:
            out[c.name] = StrikesOut.model_validate(answer)
    return out


def _check_brief(r: Record) -> Result:
    """``assemble`` over the record's answers, with its decision trace; the events and
    reactions projected to the fields a case decides."""
    from summarizer.models import Usage

    article = article_from_text(r["text"], "t")
    calls = plan(article)
    for name in r.get("calls", []):  # a reading saved under an older plan asked more
        calls.append(Call(name, StrikesOut, [], 60, int(name.split("-")[1])))
    brief = assemble(article, _answers(r, calls), Usage(), 0.0, model="test", calls=calls,
                     explain=True)
    events = [{
        "attacker": [a.name for a in e.attacker],
        "target": [t.name for t in e.target],
        "weapon": e.weapon,
        "place": e.location.place,
        "country": e.location.country,
        "attribution": e.attribution,
        "killed": [e.killed.min, e.killed.max],
        "injured": [e.injured.min, e.injured.max],
        "date": e.date.isoformat() if e.date else None,
        "evidence": [s.quote for s in e.evidence],
    } for e in brief.events]
    reactions = [[x.actor.name, x.stance] for x in brief.reactions]
    return {"events": events, "reactions": reactions}, {d.rule for d in brief.meta.trace or []}


def _plain(fn: Callable[..., Any], *keys: str) -> Callable[[Record], Result]:
    """A helper with no trace: its value from the record's inputs, in order."""
    def run(r: Record) -> Result:
        return fn(*(r[k] for k in keys)), set()
    return run


def _attribution(r: Record) -> Result:
    return attribution_of(r["evidence"], r["names"], context=r.get("context")), set()


def _countries_of(r: Record) -> Result:
    d = r["draft"]
    return sorted(_countries(Draft(d["attackers"], d["targets"], d["places"]))), set()


def _check_location(r: Record) -> Result:
    """``location_of`` an event's places and targets in its article's ``text``, inside
    ``article_countries`` of the countries the text names (with demonyms), as a brief is."""
    text = r.get("text", "")
    named = {c for n in countries_in(text, demonyms=True) if (c := country_code(n, fuzzy=False))}
    with article_countries(named):
        loc = location_of(r["places"], object(), None, text, r.get("targets", []),
                          r.get("attackers", []))
    return [loc.place, loc.countries], set()


def _plan_calls(r: Record) -> Result:
    return [c.name for c in plan(article_from_text(r["text"], "t"))], set()


Check = tuple[Callable[[Record], Result], frozenset[str], frozenset[str]]


def _c(fn: Callable[[Record], Result], required: str = "", optional: str = "") -> Check:
    return fn, frozenset(required.split()), frozenset(optional.split())


CHECKS: dict[str, Check] = {
    # traced pipeline steps
    "draft": _c(_check_draft, "sentence answer", "at context targets_here"),
    "merge": _c(_check_merge, "strikes"),
    "count": _c(_check_count, "sentences kind", "attackers"),
    "statements": _c(_check_statements, "sentences"),
    "brief": _c(_check_brief, "text answers", "calls"),
    # helpers that return their rule id
    "attacker_rejection": _c(_check_attacker_rejection, "name sentence", "context target"),
    "stance": _c(_check_stance, "text"),
    "attribution_rule": _c(_check_attribution_rule, "evidence names", "context"),
    "target_kind_rule": _c(_with_rule(target_kind_with_rule, "text"), "text"),
    "weapon_rule": _c(_with_rule(weapon_with_rule, "text"), "text"),
    "country_of_place_rule": _c(_check_place_rule, "place", "named"),
    # helpers with no rule id
    "blamed_on": _c(_plain(blamed_on, "text"), "text"),
    "is_reporter": _c(_plain(is_reporter, "name", "sentence"), "name sentence"),
    "is_victim": _c(_plain(is_victim, "name", "sentence"), "name sentence"),
    "clean_attacker": _c(_plain(clean_attacker, "answer"), "answer"),
    "with_country": _c(_plain(with_country, "name", "text"), "name text"),
    "place": _c(_plain(_place, "answer"), "answer"),
    "own_country": _c(_plain(own_country, "country", "attackers"), "country attackers"),
    "country_of_place": _c(_plain(country_of_place, "place"), "place"),
    "countries_in": _c(_plain(countries_in, "text"), "text"),
    "country_code": _c(_plain(country_code, "text"), "text"),
    "countries": _c(_countries_of, "draft"),
    "location": _c(_check_location, "places", "text targets attackers"),
    "strike_sentence": _c(_plain(is_strike_sentence, "sentence"), "sentence"),
    "plan": _c(_plan_calls, "text"),
    "attribution": _c(_attribution, "evidence names", "context"),
}
_COMMON = frozenset({"id", "comment", "check", "expected"})
_OPTIONAL = frozenset({"rule", "xfail"})
_ID_RE = re.compile(r"^[a-z0-9_.-]+$")


class MalformedCase(ValueError):
    """A record the driver cannot run as written."""


def validate(record: Record, where: str) -> None:
    """Raise :class:`MalformedCase` unless ``record`` is a complete, known case."""
    missing = sorted(_COMMON - record.keys())
    if missing:
        raise MalformedCase(f"{where}: missing {', '.join(missing)}")
    if record["check"] not in CHECKS:
        raise MalformedCase(f"{where}: unknown check {record['check']!r}")
    if not isinstance(record["id"], str) or not _ID_RE.match(record["id"]):
        raise MalformedCase(f"{where}: id {record['id']!r} is not a lower-case slug")
    if not isinstance(record["comment"], str) or not record["comment"].strip():
        raise MalformedCase(f"{where}: empty comment")
    _, required, optional = CHECKS[record["check"]]
    if missing := sorted(required - record.keys()):
        raise MalformedCase(f"{where}: check {record['check']!r} needs {', '.join(missing)}")
    if unknown := sorted(record.keys() - _COMMON - _OPTIONAL - required - optional):
        raise MalformedCase(f"{where}: unknown field(s) {', '.join(unknown)}")
    rule = record.get("rule")
    if rule is not None and not (isinstance(rule, str) or (
            isinstance(rule, list) and rule and all(isinstance(x, str) for x in rule))):
        raise MalformedCase(f"{where}: rule must be an id or a list of ids")
    if "xfail" in record and not (isinstance(record["xfail"], str) and record["xfail"].strip()):
        raise MalformedCase(f"{where}: xfail must say why")


def load(paths: list[Path]) -> list[Record]:
    """Every record of ``paths``, validated, ids unique across files (``file`` added)."""
    out: list[Record] = []
    seen: dict[str, str] = {}
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise MalformedCase(f"{where}: not JSON ({e})") from e
            if not isinstance(record, dict):
                raise MalformedCase(f"{where}: not an object")
            validate(record, where)
            if record["id"] in seen:
                raise MalformedCase(f"{where}: id {record['id']!r} also in {seen[record['id']]}")
            seen[record["id"]] = where
            out.append({**record, "file": path.name})
    return out


def run(record: Record) -> tuple[Any, set[str]]:
    """The record's value and every rule id noted (traced or returned) while computing it."""
    fn = CHECKS[record["check"]][0]
    with trace.tracing() as t:
        value, returned = fn(record)
    # JSON's view of the value: tuples are lists
    return json.loads(json.dumps(value)), returned | {x.rule for x in t.records}


def rules_of(record: Record) -> list[str]:
    rule = record.get("rule")
    return [] if rule is None else [rule] if isinstance(rule, str) else list(rule)


CASES = load(sorted(CASES_DIR.glob("*.jsonl")))


def _param(record: Record) -> Any:
    marks = [pytest.mark.xfail(reason=record["xfail"], strict=True)] if "xfail" in record else []
    return pytest.param(record, id=record["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(r) for r in CASES])
def test_case(case: Record) -> None:
    value, noted = run(case)
    assert value == case["expected"], f"{case['file']}: {case['comment']}"
    for rule in rules_of(case):
        assert rule in noted, f"{case['file']}: rule {rule!r} not noted; noted: {sorted(noted)}"


# --- the driver itself ---------------------------------------------------------------------


def test_every_field_has_its_file() -> None:
    files = {r["file"] for r in CASES}
    assert {"attacker.jsonl", "target.jsonl", "place.jsonl", "tolls.jsonl", "merging.jsonl",
            "statements.jsonl", "reactions.jsonl", "planning.jsonl",
            "attribution.jsonl", "weapon.jsonl"} <= files


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "comment": "c", "check": "no_such_check", "expected": 1}',
         "unknown check"),
        ('{"id": "x", "comment": "c", "check": "place", "answer": "Kessa"}', "missing expected"),
        ('{"id": "x", "comment": "c", "check": "place", "expected": ""}', "needs answer"),
        ('{"id": "x", "comment": "c", "check": "place", "answer": "K", "expected": "",'
         ' "expect": ""}', "unknown field"),
        ('{"id": "x", "comment": "", "check": "place", "answer": "K", "expected": ""}',
         "empty comment"),
        ('{"id": "x", "comment": "c", "check": "place", "answer": "K", "expected": "",'
         ' "xfail": ""}', "xfail must say why"),
        ('{"id": "x", "comment": "c", "check": "place", "answer": "K", "expected": "",'
         ' "rule": 3}', "rule must be"),
        ('["not", "an", "object"]', "not an object"),
        ("{not json", "not JSON"),
    ],
)
def test_a_malformed_record_fails_the_load(tmp_path: Path, line: str, message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(MalformedCase, match=message):
        load([bad])


def test_a_duplicate_id_fails_the_load(tmp_path: Path) -> None:
    line = '{"id": "x", "comment": "c", "check": "place", "answer": "K", "expected": ""}\n'
    (tmp_path / "a.jsonl").write_text(line, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(line, encoding="utf-8")
    with pytest.raises(MalformedCase, match=r"also in a\.jsonl"):
        load([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])


def test_an_xfail_record_is_a_strict_xfail() -> None:
    record: Record = {"id": "x", "comment": "c", "check": "place", "answer": "K",
                      "expected": "K", "xfail": "why"}
    marks = _param(record).marks
    assert [(m.name, m.kwargs) for m in marks] == [("xfail", {"reason": "why", "strict": True})]


def test_a_wrong_expectation_or_an_unnoted_rule_fails() -> None:
    record: Record = {"id": "x", "comment": "c", "check": "draft", "sentence":
                      "Norland jets bombed a depot in Kessa.", "expected": None,
                      "answer": {"attacker": "Norland", "target": "depot", "place": "Kessa"}}
    value, noted = run(record)
    assert value != record["expected"]  # a draft is made: the case would fail
    assert "event.model" in noted and "place.not_a_place" not in noted


# --- every rule id the pipeline notes has a case ---------------------------------------------

_RULE_CODE = [Path(__file__).resolve().parent.parent / "summarizer" / d
              for d in ("pipeline", "normalize")]
_STATIC_RULE_RE = re.compile(r'"((?:attacker|place|target|event|killed|injured|stance|actor|'
                             r'reaction|country|target_kind|weapon|date|attribution)\.[a-z_]+)"')
# the ids built at run time: "{kind}.{how}" of a figure, "stance.cue_{stance}",
# "place.{table}" of the gazetteer, "target_kind.{side}_{how}" of a target's cue words
_DYNAMIC_RULE_RE = re.compile(
    r"^(?:place\.(?:region|country|city|subdivision)|target_kind\.(?:military|militant|civilian)_(?:phrase|"
    r"words)|(?:killed|injured)\.(?:no_figure|attackers_own_losses|period_total|forward_trigger|"
    r"backward_trigger|parts_added_up|after_the_lead|"
    r"running_count|zero_phrase|single_named_victim)|stance\.cue_(?:deny|other|"
    r"call_for_restraint|threaten|condemn|support))$")
# ids no case names, and why
NO_CASE = {
    "actor.frame": "the Statement's default actor_rule; every frame sets its own id",
    "stance.no_cue": "the Statement's stance_rule when no cue reads a stance; an uncued "
                     "statement is no reaction, so the id never reaches the trace",
}


def _static_rules() -> set[str]:
    return {m.group(1) for d in _RULE_CODE for p in d.glob("*.py")
            for m in _STATIC_RULE_RE.finditer(p.read_text(encoding="utf-8"))}


def test_every_rule_id_in_the_pipeline_has_a_case() -> None:
    named = {rule for r in CASES for rule in rules_of(r)}
    assert sorted(_static_rules() - named - NO_CASE.keys()) == []
    assert sorted(NO_CASE.keys() & named) == []  # a case now exists: drop it from NO_CASE


def test_every_rule_a_case_names_is_one_the_pipeline_notes() -> None:
    static = _static_rules()
    named = {rule for r in CASES for rule in rules_of(r)}
    assert sorted(x for x in named if x not in static and not _DYNAMIC_RULE_RE.match(x)) == []


def test_a_dropped_place_is_noted_once() -> None:
    """A place one rule drops (the dateline, a country that only acts, where fire came from)
    is not noted again as "no place"."""
    for case_id in ("draft.dateline-no-place", "draft.country-as-actor",
                    "draft.launched-from-is-no-place"):
        record = next(r for r in CASES if r["id"] == case_id)
        _, noted = run(record)
        assert "place.not_a_place" not in noted, case_id
