"""ACLED CSV, PLOVER JSONL and GeoJSON exports: on the replayed seed briefs and on
invented briefs that exercise each mapping."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from seed_briefs import GOLD_DIR, SEEDS, seed_brief, seed_text

from summarizer.models import Actor, Brief, Count, Event, Location, Meta, Span
from summarizer.outputs import (
    ACLED_COLUMNS,
    acled_rows,
    event_id,
    plover_records,
    to_acled_csv,
    to_geojson,
    to_plover_jsonl,
)
from summarizer.outputs.countries import actor_country, event_country, iso_numeric
from summarizer.outputs.geocode import resolve

# the issue's list, in ACLED's order
ISSUE_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]

# top-level names of the PLOVER manual's "Data Fields" chapter (table "PLOVER JSON") + size
PLOVER_FIELDS = {
    "id", "has_event", "date", "time", "enddate", "endtime", "actor", "recipient", "event",
    "event_loc", "event_text", "quad_code", "event_scale", "mode", "context", "link", "text",
    "text_info", "cite_info", "coder", "coded_date", "coded_time", "comment", "size",
}
ENTITY_FIELDS = {"code", "sector", "entity_text", "identifier_id", "identifier_text",
                 "religion", "ethnicity", "office", "gender", "age"}
LOCATION_FIELDS = {"extracted_place", "resolved_place", "geonameid", "lat", "lon", "city",
                   "district", "province", "country", "country_code", "feature_class",
                   "feature_code", "resolution"}
CITE_FIELDS = {"corpus", "citation", "url", "title", "language", "publication", "license",
               "copyright", "coder", "codebook", "version"}

# generous bounding boxes (lon_min, lat_min, lon_max, lat_max)
BBOX = {"Iraq": (38.7, 29.0, 48.7, 37.4), "Syria": (35.6, 32.3, 42.4, 37.4)}


def seeds() -> list[tuple[str, Brief]]:
    return [(seed.name, seed_brief(seed)) for seed in SEEDS]


def meta(**changes: Any) -> Meta:
    values: dict[str, Any] = {"model": "m", "prompt_version": "p1", "article_sha256": "ab" * 32}
    values.update(changes)
    return Meta(**values)


def brief(*events: Event, published: dt.date | None = None, **meta_changes: Any) -> Brief:
    return Brief(headline="h", summary="s", events=list(events), published=published,
                 meta=meta(**meta_changes))


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- ACLED ------------------------------------------------------------------------------


def test_acled_header_is_the_31_columns_in_order() -> None:
    assert len(ISSUE_COLUMNS) == 31
    assert tuple(ISSUE_COLUMNS) == ACLED_COLUMNS
    header = to_acled_csv([]).splitlines()[0]
    assert header.split(",") == ISSUE_COLUMNS


def _non_optional_gold_events(seed: Path) -> list[dict[str, Any]] | None:
    gold = GOLD_DIR / f"seed-{seed.stem[:3]}.json"
    if not gold.is_file():
        return None
    events = json.loads(gold.read_text(encoding="utf-8"))["gold"]["events"]
    return [e for e in events
            if not (e.get("casualty_notes") or "").startswith(("[background]", "[aggregate]"))]


@pytest.mark.parametrize("seed", SEEDS, ids=["000", "001"])
def test_acled_one_filled_row_per_seed_event(seed: Path) -> None:
    b = seed_brief(seed)
    rows = parse_csv(to_acled_csv([(seed.name, b)]))
    assert len(rows) == len(b.events) > 0  # one row per event of the brief, in order
    assert [r["actor1"] for r in rows] == [e.attacker[0].name for e in b.events]
    gold = _non_optional_gold_events(seed)
    if gold is not None:  # each row is one of the article's non-optional events
        for row in rows:
            assert any(g["attacker"][:1] == [row["actor1"]]
                       and row["country"] in (g["location"]["country"] or "") for g in gold), row
    for row in rows:
        assert list(row) == ISSUE_COLUMNS
        for column in ("actor1", "actor2", "country", "fatalities", "event_type", "iso",
                       "latitude", "longitude", "notes", "event_id_cnty"):
            assert row[column], (column, row)
        assert row["disorder_type"] == "Political violence"
        assert row["source"] == seed.name


def test_acled_values_of_seed_000() -> None:
    rows = acled_rows(seed_brief(SEEDS[0]))
    us, israel = rows[0], rows[1]
    assert (us["actor1"], us["country"], us["iso"]) == ("United States", "Iraq", "368")
    assert (us["event_type"], us["sub_event_type"]) == ("Explosions/Remote violence",
                                                        "Air/drone strike")
    # US forces outside the US are ACLED's External/Other forces (8); Kataib Hezbollah a militia
    assert (us["inter1"], us["inter2"], us["interaction"]) == ("8", "3", "38")
    # "several militants were killed": no figure, so 0, and the phrase in the notes
    assert us["fatalities"] == "0"
    assert "several militants were killed" in us["notes"]
    assert us["region"] == "Middle East"
    assert (israel["actor1"], israel["country"], israel["iso"]) == ("Israel", "Syria", "760")


def test_acled_fatalities_are_the_conservative_figure() -> None:
    b = seed_brief(SEEDS[1])
    (row,) = acled_rows(b)
    assert b.events[0].killed.min == 18
    assert row["fatalities"] == "18"
    assert "at least 18" in row["notes"]
    # the publication date stands in, marked as less precise
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-02-03", "2024", "2")
    ranged = Event(killed=Count(min=13, max=15, text="13 or 15 dead"))
    assert acled_rows(brief(ranged))[0]["fatalities"] == "13"


@pytest.mark.parametrize(
    ("weapon", "evidence", "expected"),
    [
        ("airstrike", "", ("Explosions/Remote violence", "Air/drone strike")),
        ("drone", "", ("Explosions/Remote violence", "Air/drone strike")),
        ("missile", "", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        ("artillery", "", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        ("ground_raid", "", ("Battles", "Armed clash")),
        ("other", "A roadside bomb hit the convoy.",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("unknown", "An attack hit the base.", ("Explosions/Remote violence", "")),
    ],
)
def test_acled_event_types(weapon: str, evidence: str, expected: tuple[str, str]) -> None:
    spans = [Span(quote=evidence, start=0, end=len(evidence))] if evidence else []
    row = acled_rows(brief(Event.model_validate({"weapon": weapon, "evidence": spans})))[0]
    assert (row["event_type"], row["sub_event_type"]) == expected


def test_acled_unknown_attacker_and_civilian_target() -> None:
    event = Event(target=[Actor(name="a wedding party", kind="civilians")],
                  target_kind="civilian",
                  location=Location(place="Mosul", country="Iraq", country_code="IRQ"),
                  date=dt.date(2031, 3, 4), killed=Count(min=5, max=5, text="five killed"))
    row = acled_rows(brief(event))[0]
    assert row["actor1"] == "Unidentified Armed Group (Iraq)"
    assert row["actor2"] == "Civilians (Iraq)"
    assert row["assoc_actor_2"] == "a wedding party"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("3", "7", "37")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["event_date"], row["time_precision"]) == ("2031-03-04", "1")
    assert row["location"] == "Mosul" and row["geo_precision"] == "1"
    assert row["fatalities"] == "5"


def test_acled_state_forces_at_home() -> None:
    event = Event(attacker=[Actor(name="Iraq", kind="state")],
                  target=[Actor(name="Islamic State", kind="armed_group")],
                  location=Location(country="Iraq", country_code="IRQ"))
    row = acled_rows(brief(event))[0]
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "3", "13")



def test_acled_state_abroad_is_external_by_an_alias_and_a_person_by_the_target_kind() -> None:
    event = Event(attacker=[Actor(name="Ankara", aliases=["Turkey"], kind="state")],
                  target=[Actor(name="a commander", kind="person"),
                          Actor(name="his guards", kind="unknown")],
                  target_kind="militant", location=Location(place="Mosul", country="Iraq"))
    row = acled_rows(brief(event))[0]
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("8", "3", "38")
    assert (row["actor2"], row["assoc_actor_2"]) == ("a commander", "his guards")
    assert row["event_id_cnty"].startswith("IRQ-") and row["iso"] == "368"
    assert row["region"] == "Middle East" and row["civilian_targeting"] == ""


def test_acled_one_sided_and_unknown_codes() -> None:
    nobody = acled_rows(brief(Event(location=Location(country="Syria"))))[0]
    assert (nobody["actor2"], nobody["inter2"], nobody["interaction"]) == ("", "", "30")
    unknown = Event(attacker=[Actor(name="gunmen")], target=[Actor(name="a convoy")])
    row = acled_rows(brief(unknown))[0]
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("", "", "")
    assert row["event_id_cnty"].startswith("XXX-") and row["country"] == ""


def test_country_codes_of_events_and_actors() -> None:
    assert actor_country(Actor(name="Ankara forces", aliases=["Turkish army", "Turkey"])) == "TUR"
    assert actor_country(Actor(name="gunmen")) is None
    assert event_country(Location(country="Iraq")) == "IRQ"
    assert event_country(Location(country="Iraq", country_code="SYR")) == "SYR"
    assert event_country(Location(place="Mosul")) is None
    assert (iso_numeric("IRQ"), iso_numeric(None), iso_numeric("XKX")) == ("368", "", "")

def test_acled_empty_columns_stay_empty() -> None:
    """The columns the README lists as left empty."""
    for row in acled_rows(seed_brief(SEEDS[0])):
        for column in ("admin1", "admin2", "admin3", "source_scale", "tags", "timestamp"):
            assert row[column] == ""


# --- stable ids --------------------------------------------------------------------------


def test_event_ids_are_stable() -> None:
    b = seed_brief(SEEDS[0])
    again = Brief.model_validate_json(b.model_dump_json())
    assert [event_id(b, i) for i in range(2)] == [event_id(again, i) for i in range(2)]
    assert event_id(b, 0) != event_id(b, 1)
    other = b.model_copy(update={"meta": b.meta.model_copy(update={"prompt_version": "p2"})})
    assert event_id(other, 0) != event_id(b, 0)
    ids = [r["id"] for r in plover_records(b)]
    assert ids == [event_id(b, 0), event_id(b, 1)]
    assert [r["event_id_cnty"] for r in acled_rows(b)] == [f"IRQ-{ids[0]}", f"SYR-{ids[1]}"]


# --- PLOVER ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=["000", "001"])
def test_plover_lines_parse_and_offsets_point_at_the_evidence(seed: Path) -> None:
    b, text = seed_brief(seed), seed_text(seed)
    lines = to_plover_jsonl([(seed.name, b)]).splitlines()
    assert len(lines) == len(b.events)
    for line, event in zip(lines, b.events, strict=True):
        record = json.loads(line)
        assert set(record) <= PLOVER_FIELDS, set(record) - PLOVER_FIELDS
        for required in ("id", "date", "actor", "event"):
            assert required in record
        assert record["event"] == ["ASSAULT"] and record["quad_code"] == 4
        info = record["text_info"]
        assert text[info["start"]:info["end"]] == record["event_text"][0]
        assert len(info["spans"]) == len(record["event_text"]) == len(event.evidence)
        for span, quote in zip(info["spans"], record["event_text"], strict=True):
            assert text[span["start"]:span["end"]] == quote
        for entity in record["actor"] + record["recipient"]:
            assert set(entity) <= ENTITY_FIELDS
        assert set(record["event_loc"]) <= LOCATION_FIELDS
        assert set(record["cite_info"]) <= CITE_FIELDS
        assert record["cite_info"]["corpus"] == seed.name


def test_plover_values() -> None:
    first = plover_records(seed_brief(SEEDS[0]))[0]
    assert first["actor"][0]["code"] == "USA" and first["actor"][0]["sector"] == "MIL"
    assert first["mode"] == ["aerial"]
    assert first["event_loc"]["country_code"] == "IRQ"
    assert first["event_loc"]["resolution"] == 1  # country level
    (second,) = plover_records(seed_brief(SEEDS[1]))
    assert second["size"] == {"dead": 18, "injured": None}
    assert second["date"] == "2024-02-03"
    drone = plover_records(brief(Event(weapon="drone")))[0]
    assert drone["mode"] == ["drone"]
    assert drone["actor"] == [{"sector": "UAF"}]  # unidentified armed forces
    shell = plover_records(brief(Event(weapon="artillery")))[0]
    assert shell["mode"] == ["heavy-weapons"]


# --- GeoJSON -----------------------------------------------------------------------------


def check_feature_collection(data: dict[str, Any]) -> None:
    """RFC 7946: a FeatureCollection of Features with Point geometries [lon, lat]."""
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature.get("id", ""), str | int)


def test_geojson_of_the_seeds_resolves_to_iraq_and_syria() -> None:
    data = json.loads(to_geojson(seeds()))
    check_feature_collection(data)
    events = sum(len(b.events) for _, b in seeds())
    assert len(data["features"]) == events
    assert data["metadata"] == {"events": events, "located": events, "unresolved": 0,
                                "unresolved_ids": []}
    countries = {f["properties"]["resolved_country"] for f in data["features"]}
    assert countries == {"Iraq", "Syria"}
    for feature in data["features"]:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        x0, y0, x1, y1 = BBOX[props["resolved_country"]]
        assert x0 <= lon <= x1 and y0 <= lat <= y1, props["resolved_country"]
        assert props["precision"] in ("city", "country")
        assert "attacker" in props and "killed" in props and "evidence" in props


def test_geojson_counts_what_does_not_resolve() -> None:
    located = Event(location=Location(place="Mosul", country="Iraq", country_code="IRQ"))
    nowhere = Event(location=Location(place="Hill 402"))
    b = brief(located, nowhere)
    data = json.loads(to_geojson([("a.txt", b)]))
    check_feature_collection(data)
    assert len(data["features"]) == 1
    assert data["metadata"]["unresolved"] == 1
    assert data["metadata"]["unresolved_ids"] == [event_id(b, 1)]
    props = data["features"][0]["properties"]
    assert props["precision"] == "city" and props["resolved_place"] == "Mosul"


@pytest.mark.parametrize(
    ("location", "precision", "name"),
    [
        (Location(place="Mosul", country="Iraq", country_code="IRQ"), "city", "Mosul"),
        (Location(place="near Damascus", country="Syria", country_code="SYR"), "city",
         "Damascus"),
        (Location(place="Iraq", country="Iraq", country_code="IRQ"), "country", "Baghdad"),
        (Location(place="Tower 22", country="Jordan", country_code="JOR"), "country", "Amman"),
        (Location(place="Aleppo"), "city", "Aleppo"),
    ],
)
def test_geocode(location: Location, precision: str, name: str) -> None:
    point = resolve(location)
    assert point is not None
    assert (point.precision, point.name) == (precision, name)


def test_geocode_prefers_a_city_in_the_events_country() -> None:
    # Damascus, Maryland exists too; the event's country decides
    point = resolve(Location(place="Damascus", country="United States", country_code="USA"))
    assert point is not None and point.country_code == "USA" and point.lat > 38
    assert resolve(Location()) is None
