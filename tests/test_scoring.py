"""Our scorer: unit behaviour on invented briefs, and exact agreement with the reference scorer.

The agreement tests read the dev set and ``score.py`` from the repository's sibling
``shared/`` folder at test time (skipped when it is absent); nothing of them is copied here.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pycountry
import pytest
from conftest import DEV_DIR, SCORE_PY

from summarizer.eval.gold import GoldFile
from summarizer.eval.matching import (
    actors_match,
    countries_match,
    country_set,
    names_match,
    weapon_set,
)
from summarizer.eval.scoring import PRF, ArticleScore, Report, score_all, score_article

DEV = DEV_DIR

Pred = dict[str, Any] | None
Gold = dict[str, Any]


# --------------------------------------------------------------------------------------------
# invented mini examples


def _gold_event(**over: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "attacker": ["Northland"],
        "attacker_aliases": ["Nordic Command"],
        "target": ["river depot"],
        "target_kind": "military",
        "weapon": "missile+drone",
        "location": {"place": "Lakeside", "country": "Iraq"},
        "date": None,
        "attribution": "claimed",
        "killed": {"min": 3, "max": 3},
        "injured": {"min": None, "max": None},
        "casualty_notes": None,
        "is_retaliation_for": None,
    }
    event.update(over)
    return event


TEXT = (
    "Northland struck a river depot near Lakeside, Iraq, killing three. "
    "Southland called it \"a reckless escalation\". Officials urged calm."
)


def _gold(events: list[dict[str, Any]], reactions: list[dict[str, Any]] | None = None) -> Gold:
    return {
        "source": "invented",
        "title": None,
        "published": None,
        "text": TEXT,
        "gold": {"events": events, "reactions": reactions or []},
    }


def _pred_event(**over: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "attacker": [{"name": "Northland", "aliases": [], "kind": "state"}],
        "target": [{"name": "depot on the river", "aliases": [], "kind": "unknown"}],
        "weapon": "missile",
        "location": {"place": "Lakeside", "country": "Iraq", "country_code": "IRQ"},
        "attribution": "claimed",
        "killed": {"min": 3, "max": 3, "text": "three"},
        "injured": {"min": None, "max": None, "text": None},
        "evidence": [],
    }
    event.update(over)
    return event


REACTION = {"actor": "Southland government", "stance": "condemn", "summary": "s",
            "quote": "a reckless escalation"}


def test_synonyms_and_fuzzy_names() -> None:
    assert names_match(["U.S."], ["United States"])
    assert names_match(["the Pentagon"], ["USA"])
    assert names_match(["IDF"], ["Israel"])
    assert names_match(["Kataib Hezbollah"], ["Kata'ib Hizbollah"])  # ratio >= 85
    assert names_match(["Southland"], ["Southland government"])  # token set
    assert not names_match(["Hamas"], ["Hezbollah"])
    assert not names_match(["Iran"], ["Iraq"])
    assert not names_match([""], ["Northland"])


def test_partial_ratio_needs_five_characters() -> None:
    assert names_match(["Ridgeguard"], ["xRidgeguardx brigade"])
    assert not names_match(["Abc"], ["xAbcx brigade"])


def test_actor_lists_match_when_half_of_each_side_is_found() -> None:
    a, b, c = ["Northland"], ["Southland"], ["Eastmarch"]
    assert actors_match([a, b], [a])
    assert not actors_match([a, b, c], [a])
    assert not actors_match([a], [a, b, c])
    assert actors_match([], [])
    assert not actors_match([a], [])


def test_countries_as_sets_with_codes_and_palestine() -> None:
    assert country_set("Iraq, Syria") == {"iraq", "syria"}
    assert country_set("IRQ") == {"iraq"}
    assert country_set("SYR") == country_set("Syria") == {"syria"}
    assert country_set("West Bank and Gaza") == {"palestine"}
    assert country_set(None) == frozenset()
    assert countries_match(frozenset({"iraq", "syria"}), frozenset({"iraq"}))
    assert not countries_match(frozenset({"iraq", "syria", "jordan"}), frozenset({"iraq"}))
    assert countries_match(frozenset(), frozenset())


def test_a_country_code_and_its_name_agree_after_normalisation() -> None:
    # pycountry names PSE "Palestine, State of" and COD "Congo, The Democratic Republic of the"
    assert country_set("PSE") == country_set("Palestine") == country_set("Gaza") == {"palestine"}
    assert country_set("COD") == country_set("DR Congo") == country_set("DRC")
    assert country_set("TZA") == country_set("Tanzania") == {"tanzania"}
    assert country_set("VEN") == {"venezuela"} and country_set("MDA") == {"moldova"}


def test_weapons_overlap_on_parts() -> None:
    assert weapon_set("missile+drone") & weapon_set("drone")
    assert weapon_set("air strike") == {"airstrike"}
    assert weapon_set("ground raid") == weapon_set("ground_raid") == {"ground_raid"}
    assert weapon_set(None) == {"unknown"}


def test_perfect_prediction_scores_one() -> None:
    gold = _gold([_gold_event()], [REACTION])
    pred = {"events": [_pred_event()], "reactions": [
        {"actor": {"name": "Southland government", "aliases": []}, "stance": "condemn",
         "summary": "x", "quote": "a reckless escalation", "evidence": []}]}
    score = score_article(gold, pred)
    assert (score.ev_tp, score.ev_fp, score.ev_fn) == (1, 0, 0)
    assert score.slot_f1 == 1.0
    assert score.grounded_ok == score.grounded_all == 1


def test_attacker_alias_and_code_only_country_match() -> None:
    pred = _pred_event(attacker=["Nordic Command"],
                       location={"place": None, "country": None, "country_code": "IRQ"})
    score = score_article(_gold([_gold_event()]), {"events": [pred]})
    assert score.field_hits["attacker"] == 1
    assert score.field_hits["country"] == 1


def test_wrong_slots_lower_precision_and_recall() -> None:
    pred = _pred_event(weapon="artillery", attribution="alleged",
                       killed={"min": 3, "max": None})
    score = score_article(_gold([_gold_event()]), {"events": [pred]})
    assert score.slot_tp == 4
    assert score.slots.precision == score.slots.recall == pytest.approx(4 / 7)
    assert score.field_hits["weapon"] == score.field_hits["killed"] == 0


def test_pair_needs_target_or_attacker_and_country() -> None:
    only_attacker = _pred_event(target=["a school"], location={"country": "Chile"})
    score = score_article(_gold([_gold_event()]), {"events": [only_attacker]})
    assert (score.ev_tp, score.ev_fp, score.ev_fn) == (0, 1, 1)
    attacker_and_country = _pred_event(target=["a school"])
    score = score_article(_gold([_gold_event()]), {"events": [attacker_and_country]})
    assert (score.ev_tp, score.ev_fp, score.ev_fn) == (1, 0, 0)


def test_country_key_needs_a_gold_country() -> None:
    gold = _gold([_gold_event(location={"place": None, "country": None})])
    pred = _pred_event(target=["a school"], location={"country": None})
    score = score_article(gold, {"events": [pred]})
    assert (score.ev_tp, score.ev_fp, score.ev_fn) == (0, 1, 1)


def test_optional_gold_events_neither_rewarded_nor_penalised() -> None:
    background = _gold_event(target=["old barracks"], casualty_notes="[background] earlier")
    gold = _gold([_gold_event(), background])
    missing = score_article(gold, {"events": [_pred_event()]})
    assert (missing.ev_tp, missing.ev_fp, missing.ev_fn) == (1, 0, 0)
    found = score_article(gold, {"events": [_pred_event(), _pred_event(target=["old barracks"])]})
    assert (found.ev_tp, found.ev_fp, found.ev_fn) == (1, 0, 0)
    assert found.slot_pred == found.slot_gold == 7


def test_ties_prefer_non_optional_gold_events() -> None:
    aggregate = _gold_event(casualty_notes="[aggregate] total")
    gold = _gold([aggregate, _gold_event()])
    score = score_article(gold, {"events": [_pred_event()]})
    assert score.pairs == [(1, 0)]
    assert score.ev_tp == 1


def test_reactions_pair_by_actor_and_compare_stance() -> None:
    restraint = {"actor": "Officials of Westria", "stance": "call_for_restraint", "summary": "s",
                 "quote": None}
    gold = _gold([], [REACTION, restraint])
    pred = {"reactions": [
        {"actor": {"name": "Westria officials", "aliases": []}, "stance": "call for restraint"},
        {"actor": "Southland government", "stance": "threaten", "quote": "not in the text"},
        {"actor": "Nobody", "stance": "other"},
    ]}
    score = score_article(gold, pred)
    assert (score.slot_tp, score.slot_pred, score.slot_gold) == (3, 6, 4)
    assert score.field_hits["stance"] == 1 and score.field_n["stance"] == 2
    assert score.field_hits["actor"] == 2
    assert (score.grounded_ok, score.grounded_all) == (0, 1)


def test_grounding_counts_evidence_and_quotes() -> None:
    pred = {"events": [_pred_event(evidence=[
        {"quote": "Northland struck a river depot", "start": 0, "end": 30},
        {"quote": "Northland hit a depot", "start": 0, "end": 21}])],
        "reactions": [{"actor": "x", "stance": "other", "quote": "a reckless escalation",
                       "evidence": [{"quote": "Officials urged calm.", "start": 0, "end": 0}]}]}
    score = score_article(_gold([_gold_event()]), pred)
    assert (score.grounded_ok, score.grounded_all) == (3, 4)


def test_empty_gold_and_empty_prediction() -> None:
    score = score_article(_gold([]), None)
    assert score.slots == PRF(1.0, 1.0, 1.0)
    assert score_article(_gold([_gold_event()]), None).slots == PRF(0.0, 0.0, 0.0)
    assert PRF.of(0, 7, 0) == PRF(0.0, 0.0, 0.0)  # predicted where nothing was due


def test_score_all_micro_averages() -> None:
    report = score_all([
        ("a", _gold([_gold_event()]), {"events": [_pred_event()]}),
        ("b", _gold([_gold_event()]), None),
    ])
    assert [a.name for a in report.articles] == ["a", "b"]
    assert report.slots.recall == pytest.approx(7 / 14)
    assert report.slots.precision == 1.0
    assert (report.events.precision, report.events.recall) == (1.0, 0.5)
    assert report.events.f1 == pytest.approx(2 / 3)
    totals = report.totals()
    assert totals["fields"]["weapon"] == [1, 1]
    assert totals["event_f1"] == 0.6667


def test_accepts_gold_file_and_brief_models() -> None:
    gold = GoldFile.model_validate(_gold([_gold_event()])).model_copy(update={"stem": "x"})
    score = score_article(gold, {"events": [_pred_event()]})
    assert score.name == "x" and score.ev_tp == 1


# --------------------------------------------------------------------------------------------
# agreement with the reference scorer on the dev set


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    if not SCORE_PY.is_file():
        pytest.skip(f"reference scorer not found at {SCORE_PY}")
    spec = importlib.util.spec_from_file_location("reference_score", SCORE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev() -> list[tuple[str, Gold]]:
    if not DEV.is_dir():
        pytest.skip(f"dev set not found at {DEV}")
    return [(f.stem, json.loads(f.read_text(encoding="utf-8"))) for f in sorted(DEV.glob("*.json"))]


def _code(country: str) -> str | None:
    try:
        return str(pycountry.countries.lookup(country.strip()).alpha_3)
    except LookupError:
        return None


def _spans(text: str, rng: random.Random, n: int) -> list[dict[str, Any]]:
    spans = []
    for _ in range(n):
        start = rng.randrange(0, max(1, len(text) - 40))
        quote = text[start:start + rng.randint(10, 40)]
        if rng.random() < 0.3:
            quote = quote.upper() + " (paraphrase)"
        spans.append({"quote": quote, "start": start, "end": start + len(quote)})
    return spans


def gold_to_brief(gold: Gold) -> dict[str, Any]:
    """The gold written as a contract brief (should score about 1.0)."""
    events = []
    for e in gold["gold"]["events"]:
        attackers = [{"name": a, "aliases": [], "kind": "state"} for a in e["attacker"]]
        if attackers:
            attackers[0]["aliases"] = list(e["attacker_aliases"])
        events.append({
            "attacker": attackers,
            "target": [{"name": t, "aliases": [], "kind": "unknown"} for t in e["target"]],
            "target_kind": e["target_kind"],
            "weapon": e["weapon"],
            "location": {"place": e["location"]["place"], "country": e["location"]["country"],
                         "country_code": None, "countries": []},
            "date": e["date"],
            "attribution": e["attribution"],
            "killed": dict(e["killed"], text=None),
            "injured": dict(e["injured"], text=None),
            "retaliation_for": e["is_retaliation_for"],
            "evidence": [],
        })
    reactions = [{"actor": {"name": r["actor"], "aliases": [], "kind": "unknown"},
                  "stance": r["stance"], "summary": r["summary"], "quote": r["quote"],
                  "evidence": []} for r in gold["gold"]["reactions"]]
    return {"schema_version": "1", "headline": "h", "summary": "s", "published": None,
            "events": events, "reactions": reactions}


def _name(actor: Any) -> str:
    return str(actor["name"] if isinstance(actor, dict) else actor)


Perturb = Callable[[dict[str, Any], Gold, random.Random], dict[str, Any]]


def _drop_alternate(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    b["events"] = b["events"][::2]
    b["reactions"] = b["reactions"][1::2]
    return b


def _rotate_attackers(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    attackers = [e.get("attacker", []) for e in b["events"]]
    for e, a in zip(b["events"], attackers[1:] + attackers[:1], strict=True):
        e["attacker"] = a
    return b


def _change_counts(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    for e in b["events"]:
        k = e["killed"]
        k["min"] = None if k["min"] is None else k["min"] + rng.choice([0, 1])
        e["injured"] = rng.choice([{"min": None, "max": None}, 0, 3, e["injured"]])
    return b


def _spurious(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    invented = {"attacker": [{"name": "Invented Legion"}], "target": [{"name": "a bakery"}],
                "weapon": "artillery", "attribution": "claimed", "evidence": [],
                "location": {"place": None, "country": "Chile", "country_code": None},
                "killed": {"min": 2, "max": 2}, "injured": {"min": None, "max": None}}
    b["events"].insert(rng.randrange(len(b["events"]) + 1), invented)
    for e in list(b["events"]):
        if rng.random() < 0.5:
            clone = copy.deepcopy(e)
            clone["attribution"] = "denied"
            b["events"].insert(rng.randrange(len(b["events"]) + 1), clone)
    b["reactions"].append({"actor": "A made-up analyst", "stance": "support"})
    return b


def _string_actors(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    for e in b["events"]:
        e["attacker"] = [_name(a) for a in e.get("attacker", [])]
        e["target"] = [_name(t) for t in e.get("target", [])]
    for r in b["reactions"]:
        r["actor"] = _name(r["actor"])
    return b


def _country_codes(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    for e in b["events"]:
        loc = e.setdefault("location", {})
        country = loc.get("country") if isinstance(loc.get("country"), str) else ""
        names = [c.strip() for c in country.split(",") if c.strip()]
        codes = [c for c in map(_code, names) if c]
        if len(codes) > 1:
            loc["countries"] = codes
        loc["country_code"] = codes[0] if codes else None
        loc["country"] = rng.choice([None, loc.get("country")])
    return b


def _shuffle(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    rng.shuffle(b["events"])
    rng.shuffle(b["reactions"])
    return b


def _wrong_fields(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    for e in b["events"]:
        e["weapon"] = rng.choice(["drone", "airstrike", "unknown", None, "air strike",
                                  ["missile", "rockets"], "ground_raid"])
        e["attribution"] = rng.choice(["claimed", "Alleged", "unknown", None])
        if rng.random() < 0.3:
            e["target"] = [{"name": "the " + _name(t).upper()} for t in e.get("target", [])]
    for r in b["reactions"]:
        r["stance"] = rng.choice(["condemn", "other", "call for restraint", "Threaten", None])
        if rng.random() < 0.3:
            r["actor"] = {"name": _name(r["actor"]).split(" (")[0], "aliases": ["Someone"]}
    return b


def _evidence(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    for e in b["events"]:
        e["evidence"] = _spans(g["text"], rng, rng.randint(0, 3))
    for r in b["reactions"]:
        r["evidence"] = _spans(g["text"], rng, rng.randint(0, 2))
        if r.get("quote") and rng.random() < 0.3:
            r["quote"] = r["quote"] + "!"
    return b


def _attackers_key(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    for e in b["events"]:
        e["attackers"] = e.pop("attacker", [])
        e["targets"] = e.pop("target", [])
    return b


def _rotate_places(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    """Move countries between events and blank some targets (pairs on attacker + country)."""
    locations = [e.get("location") for e in b["events"]]
    for e, loc in zip(b["events"], locations[-1:] + locations[:-1], strict=True):
        e["location"] = loc
        if rng.random() < 0.5:
            e["target"] = [{"name": rng.choice(["a school", "Gaza", "US", "Türkiye"])}]
    return b


def _garble(name: str, rng: random.Random) -> str:
    op = rng.randrange(6)
    if op == 0 and len(name) > 3:  # typo: drop a character
        cut = rng.randrange(len(name))
        return name[:cut] + name[cut + 1:]
    if op == 1 and len(name) > 3:  # typo: swap two neighbours
        cut = rng.randrange(len(name) - 1)
        return name[:cut] + name[cut + 1] + name[cut] + name[cut + 2:]
    if op == 2:
        return name.split()[0] if rng.random() < 0.5 else name.split()[-1]
    if op == 3:
        return rng.choice(["the ", "", "x"]) + name + rng.choice([" forces", "s", "'s army"])
    if op == 4:
        return name[: max(1, len(name) * rng.randint(4, 9) // 10)]
    return rng.choice(["U.S.", "IDF", "Kremlin", "Guards", "Tehran", "!!", name.upper()])


def _fuzzy_names(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    """Typos, truncations, extra words and synonyms in every name."""
    for e in b["events"]:
        for key in ("attacker", "target"):
            e[key] = [{"name": _garble(_name(a), rng),
                       "aliases": [_garble(x, rng) for x in (a.get("aliases") or [])]
                       if isinstance(a, dict) else []} for a in e.get(key, [])]
    for r in b["reactions"]:
        r["actor"] = _garble(_name(r["actor"]), rng)
    return b


def _odd_countries(b: dict[str, Any], g: Gold, rng: random.Random) -> dict[str, Any]:
    choices = ["PSE", "Palestine", "Gaza", "IRN", "Iran", "TUR", "Turkey", "US", "Iraq and Syria",
               "SYR/IRQ", "Syria; Iraq", "AF", "afg", "Pakistan-administered Kashmir", "",
               ["IRQ", "Syria"], ["JOR"]]
    for e in b["events"]:
        if rng.random() < 0.6:
            loc = e.setdefault("location", {})
            loc[rng.choice(["country", "country_code", "countries"])] = rng.choice(choices)
    return b


PERTURBATIONS: dict[str, Perturb] = {
    "fuzzy_names": _fuzzy_names, "odd_countries": _odd_countries,
    "rotate_places": _rotate_places,
    "drop": _drop_alternate, "rotate_attackers": _rotate_attackers, "counts": _change_counts,
    "spurious": _spurious, "string_actors": _string_actors, "country_codes": _country_codes,
    "shuffle": _shuffle, "wrong_fields": _wrong_fields, "evidence": _evidence,
    "attackers_key": _attackers_key,
}


def _prediction_set(dev: list[tuple[str, Gold]], recipe: str, seed: int) -> list[Pred]:
    """One prediction per dev file: ``empty``, ``gold``, a named perturbation or ``mix``."""
    rng = random.Random(seed)
    preds: list[Pred] = []
    for _, gold in dev:
        if recipe == "empty":
            preds.append(None)
            continue
        brief = gold_to_brief(gold)
        steps = (rng.sample(sorted(PERTURBATIONS), rng.randint(1, 4)) if recipe == "mix"
                 else [] if recipe == "gold" else [recipe])
        for step in steps:
            brief = PERTURBATIONS[step](brief, gold, rng)
        preds.append(brief)
    return preds


def _reference_figures(ref: ModuleType, dev: list[tuple[str, Gold]], preds: list[Pred]) -> dict[
        str, Any]:
    tot = {"slot_tp": 0, "slot_pred": 0, "slot_gold": 0, "ev_tp": 0, "ev_fp": 0, "ev_fn": 0}
    fields = {s: [0, 0] for s in ref.EVENT_SLOTS + ref.REACTION_SLOTS}
    grounded = [0, 0]
    rows = []
    for (_, gold), pred in zip(dev, preds, strict=True):
        r = ref.score_article(gold, pred or {})
        ok, n = ref.grounding(pred or {}, gold["text"])
        grounded[0] += ok
        grounded[1] += n
        for k in tot:
            tot[k] += r[k]
        for s in fields:
            fields[s][0] += r["field_hits"][s]
            fields[s][1] += r["field_n"][s]
        rows.append(({k: r[k] for k in tot}, ref.f1(r["slot_tp"], r["slot_pred"],
                                                     r["slot_gold"])[2], (ok, n)))
    slots = ref.f1(tot["slot_tp"], tot["slot_pred"], tot["slot_gold"])
    events = ref.f1(tot["ev_tp"], tot["ev_tp"] + tot["ev_fp"], tot["ev_tp"] + tot["ev_fn"])
    return {"slots": slots, "events": events, "fields": fields, "grounded": grounded,
            "rows": rows}


def _our_figures(dev: list[tuple[str, Gold]], preds: list[Pred]) -> dict[str, Any]:
    report = score_all((stem, gold, pred) for (stem, gold), pred in zip(dev, preds, strict=True))
    keys = ("slot_tp", "slot_pred", "slot_gold", "ev_tp", "ev_fp", "ev_fn")
    rows = [({k: getattr(a, k) for k in keys}, a.slot_f1, (a.grounded_ok, a.grounded_all))
            for a in report.articles]
    s, e = report.slots, report.events
    return {"slots": (s.precision, s.recall, s.f1), "events": (e.precision, e.recall, e.f1),
            "fields": {k: list(v) for k, v in report.fields.items()},
            "grounded": list(report.grounded), "rows": rows}


RECIPES = [("empty", 0), ("gold", 0), *((name, 1) for name in PERTURBATIONS),
           *(("mix", seed) for seed in range(60))]


@pytest.mark.parametrize(("recipe", "seed"), RECIPES, ids=[f"{r}-{s}" for r, s in RECIPES])
def test_agrees_with_reference_on_dev_set(
    reference: ModuleType, dev: list[tuple[str, Gold]], recipe: str, seed: int
) -> None:
    preds = _prediction_set(dev, recipe, seed)
    ours = _our_figures(dev, preds)
    theirs = _reference_figures(reference, dev, preds)
    assert ours == theirs


def test_gold_as_prediction_scores_one_and_empty_scores_zero(dev: list[tuple[str, Gold]]) -> None:
    perfect = _our_figures(dev, _prediction_set(dev, "gold", 0))
    assert perfect["slots"] == (1.0, 1.0, 1.0)
    assert perfect["events"] == (1.0, 1.0, 1.0)
    empty = _our_figures(dev, _prediction_set(dev, "empty", 0))
    assert empty["slots"][1] == 0.0 and empty["events"][1] == 0.0


def test_perturbations_change_the_score(dev: list[tuple[str, Gold]]) -> None:
    f1s = {r: _our_figures(dev, _prediction_set(dev, r, 1))["slots"][2]
           for r in ("drop", "rotate_attackers", "counts", "spurious", "wrong_fields")}
    assert all(f1 < 1.0 for f1 in f1s.values()), f1s


@pytest.mark.parametrize("recipe", ["gold", "mix"])
def test_agrees_with_reference_command_json(
    reference: ModuleType, dev: list[tuple[str, Gold]], tmp_path: Path, recipe: str
) -> None:
    preds = _prediction_set(dev, recipe, 7)
    pred_dir = tmp_path / "preds"
    pred_dir.mkdir()
    for (stem, _), pred in zip(dev, preds, strict=True):
        if pred is not None:
            (pred_dir / f"{stem}.json").write_text(json.dumps(pred), encoding="utf-8")
    out = tmp_path / "ref.json"
    subprocess.run([sys.executable, str(SCORE_PY), str(DEV), str(pred_dir), "--json", str(out),
                    "--quiet"], check=True, capture_output=True)
    theirs = json.loads(out.read_text())
    ours = score_all((stem, gold, pred) for (stem, gold), pred in zip(dev, preds, strict=True))
    totals = ours.totals()
    assert {k: totals[k] for k in theirs} == theirs


def test_invented_ties_agree_with_reference(reference: ModuleType) -> None:
    """Exact ties between several gold events and several predictions pair the same way."""
    twins = [_gold_event(target=["depot"]), _gold_event(target=["depot"], killed={"min": 1,
                                                                                  "max": 1})]
    gold = _gold([*twins, _gold_event(target=["depot"], casualty_notes="[background] x")])
    preds: list[dict[str, Any]] = [
        {"events": [_pred_event(target=["depot"]), _pred_event(target=["depot"])]},
        {"events": [_pred_event(target=["depot"], killed={"min": 1, "max": 1})] * 3},
        {"events": [_pred_event(target=["quay"], location={"country": "IRQ"})]},
    ]
    for pred in preds:
        ours: ArticleScore = score_article(gold, pred)
        theirs = reference.score_article(gold, pred)
        assert ours.pairs == reference.match(
            [reference.gold_event(e) for e in gold["gold"]["events"]],
            [reference.pred_event(e) for e in pred["events"]])
        assert (ours.slot_tp, ours.slot_pred, ours.slot_gold, ours.ev_tp, ours.ev_fp,
                ours.ev_fn) == tuple(theirs[k] for k in ("slot_tp", "slot_pred", "slot_gold",
                                                         "ev_tp", "ev_fp", "ev_fn"))


ODD_CASES: list[tuple[Gold, dict[str, Any]]] = [
    (_gold([_gold_event(location={"place": None, "country": "Palestine"})]),
     {"events": [_pred_event(location={"country_code": "PSE"})]}),
    (_gold([_gold_event(location={"place": None, "country": "Gaza"})]),
     {"events": [_pred_event(target=["x"], location={"country": "West Bank"})]}),
    (_gold([_gold_event(location={"place": None, "country": "Iran"})]),
     {"events": [_pred_event(target=["x"], location={"country_code": "IRN"})]}),
    (_gold([_gold_event(attacker=["—"], target=["?"])]),
     {"events": [_pred_event(attacker=["!!"], target=[{"name": "...", "aliases": None}])]}),
    (_gold([_gold_event(killed={"min": 1, "max": 1}, injured={"min": 0, "max": 0})]),
     {"events": [_pred_event(killed=1, injured=False, weapon=["Drones"],
                             attribution="CLAIMED")]}),
    (_gold([_gold_event(killed={"min": 3, "max": None})]),
     {"events": [_pred_event(killed={"min": 3.0, "max": None}, injured="none")]}),
    (_gold([], [dict(REACTION, actor="X"), dict(REACTION, actor="Officials")]),
     {"reactions": [{"actor": "Y", "stance": "condemn"}, {"actor": None},
                    {"actor": {"name": None, "aliases": ["officials"]}, "stance": "Condemn"}]}),
]


@pytest.mark.parametrize("case", range(len(ODD_CASES)))
def test_odd_inputs_agree_with_reference(reference: ModuleType, case: int) -> None:
    gold, pred = ODD_CASES[case]
    ours = score_article(gold, pred)
    theirs = reference.score_article(gold, pred)
    keys = ("slot_tp", "slot_pred", "slot_gold", "ev_tp", "ev_fp", "ev_fn")
    assert {k: getattr(ours, k) for k in keys} == {k: theirs[k] for k in keys}
    assert ours.field_hits == theirs["field_hits"] and ours.field_n == theirs["field_n"]


def test_report_type() -> None:
    assert isinstance(score_all([]), Report)
    assert score_all([]).slots == PRF(1.0, 1.0, 1.0)
