"""Exports an analyst loads as they are: dates from the publication date, places that are
never a stand-in capital, actors in ACLED's naming, an Excel-ready CSV and flat GeoJSON
properties; ``--published`` on summarize, batch and export. Every brief here is invented."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from summarizer.batch.inputs import Item, from_specs, from_values
from summarizer.batch.runner import run_items
from summarizer.cli import app
from summarizer.errors import InputError
from summarizer.models import Actor, Brief, Count, Event, Location, Meta, Span
from summarizer.outputs import acled_rows, plover_records, to_geojson
from summarizer.outputs.dating import event_date
from summarizer.outputs.geocode import resolve
from summarizer.outputs.unplaced import unplaced_note
from summarizer.published import parse_published, with_published
from summarizer.settings import Settings

PUBLISHED = dt.date(2031, 5, 8)  # a Thursday


def span(quote: str) -> Span:
    return Span(quote=quote, start=0, end=len(quote))


def event(quote: str = "", **fields: Any) -> Event:
    return Event(evidence=[span(quote)] if quote else [], **fields)


def brief(*events: Event, published: dt.date | None = None) -> Brief:
    return Brief(headline="h", summary="s", events=list(events), published=published,
                 meta=Meta(model="m", prompt_version="p1", article_sha256="cd" * 32))


def row(e: Event, published: dt.date | None = PUBLISHED) -> dict[str, str]:
    return acled_rows(brief(e), "a.txt", published)[0]


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "date", "precision"),
    [
        ("Drones hit the depot of Velmar yesterday, officials said.", "2031-05-07", "1"),
        ("Rockets struck the port of Velmar last night.", "2031-05-07", "1"),
        ("A drone struck a convoy near Velmar on Tuesday.", "2031-05-06", "1"),
        ("Shelling hit Velmar on Thursday morning.", "2031-05-08", "1"),
        ("Jets bombed a bridge on May 2, officials said.", "2031-05-02", "1"),
        ("Jets bombed a bridge on 9 December, officials said.", "2030-12-09", "1"),
        ("Artillery hit the market earlier this week.", "2031-05-08", "2"),
        ("A drone hit the barracks last week.", "2031-05-01", "2"),
        ("A missile struck the plant last month.", "2031-04-08", "3"),
        ("The depot was hit in early February, the army said.", "2031-02-15", "3"),
        ("The depot has been shelled since November.", "2030-11-15", "3"),
        ("Missiles struck the airbase, the ministry said.", "2031-05-08", "2"),
        ("Two were killed after a drone struck their car on Tuesday.", "2031-05-06", "1"),
        # the day of the attack this one answers is not its day
        ("The strikes came after troops were killed in an attack on Saturday.", "2031-05-08",
         "2"),
        ("Jets hit the camp on Monday in response to rockets fired on Sunday.", "2031-05-05",
         "1"),
    ],
)
def test_relative_days_resolve_against_the_publication_date(
    quote: str, date: str, precision: str
) -> None:
    r = row(event(quote))
    assert (r["event_date"], r["year"], r["time_precision"]) == (date, date[:4], precision)
    assert "Date: " in r["notes"]


@pytest.mark.parametrize("quote", [
    "In January 2020 a drone killed the commander near the airport.",
    "The base was shelled on 3 March 2029, and again in 2030.",
    "A similar strike hit the same depot last year.",
])
def test_a_past_strike_mentioned_in_passing_does_not_take_the_publication_date(
    quote: str
) -> None:
    r = row(event(quote))
    assert (r["event_date"], r["year"], r["time_precision"]) == ("", "", "")
    assert "earlier event" in r["notes"]
    assert plover_records(brief(event(quote)), published=PUBLISHED)[0]["date"] is None


def test_a_stated_date_wins_and_the_briefs_own_published_wins_over_the_fallback() -> None:
    stated = event("Yesterday's strike", date=dt.date(2031, 1, 2))
    assert (row(stated)["event_date"], row(stated)["time_precision"]) == ("2031-01-02", "1")
    own = brief(event("A drone hit the depot yesterday."), published=dt.date(2031, 2, 10))
    assert acled_rows(own, published=PUBLISHED)[0]["event_date"] == "2031-02-09"
    assert row(event("yesterday"), published=None)["event_date"] == ""
    assert event_date(event("yesterday"), None).date is None


def test_published_fills_a_brief_without_a_dateline_only() -> None:
    none = brief()
    assert with_published(none, PUBLISHED).published == PUBLISHED
    dated = brief(published=dt.date(2030, 1, 1))
    assert with_published(dated, PUBLISHED).published == dt.date(2030, 1, 1)
    assert set(with_published(none, PUBLISHED).model_dump()) == set(none.model_dump())
    assert parse_published(" 2031-05-08 ") == PUBLISHED
    for bad in ("08/05/2031", "2031-5-8", "2031-02-30", 20310508):
        with pytest.raises(InputError, match="YYYY-MM-DD"):
            parse_published(bad)


# --- places -----------------------------------------------------------------------------


def test_a_ship_at_sea_is_at_sea_not_in_its_owners_capital() -> None:
    ship = event("A missile hit the container ship in the Gulf of Aden.",
                 attacker=[Actor(name="Harbor Front", kind="armed_group")],
                 target=[Actor(name="MV Orla Star", kind="unknown")], weapon="missile",
                 location=Location(place="Gulf of Aden", country="United States",
                                   country_code="USA", countries=["United States"]))
    r = row(ship)
    assert (r["latitude"], r["longitude"], r["geo_precision"]) == ("12.5000", "47.5000", "3")
    assert r["location"] == "Gulf of Aden"
    assert r["country"] == "" and r["event_id_cnty"].startswith("XXX-")  # not the owner
    coastal = ship.model_copy(update={"location": Location(
        place="southern Red Sea", country="Yemen", country_code="YEM")})
    assert (row(coastal)["country"], row(coastal)["latitude"]) == ("Yemen", "20.0000")
    port = row(ship.model_copy(update={"location": Location(
        place="the Black Sea port of Odesa", country="Ukraine")}))
    assert (port["latitude"][:4], port["geo_precision"]) == ("46.4", "1")  # a port is ashore


@pytest.mark.parametrize("place", ["Northern Iraq", "the hills north of Zarvan",
                                   "an airfield in Iraq"])
def test_a_place_the_gazetteer_does_not_know_gets_no_point_and_is_listed(place: str) -> None:
    e = event(location=Location(place=place, country="Iraq", country_code="IRQ"))
    assert resolve(e.location) is None
    r = row(e)
    assert (r["latitude"], r["longitude"], r["geo_precision"]) == ("", "", "")
    assert r["country"] == "Iraq" and r["location"] == place
    data = json.loads(to_geojson([("a.txt", brief(e))]))
    assert data["features"] == []
    assert data["metadata"]["unresolved_places"][0]["place"] == place
    assert place in unplaced_note([("a.txt", brief(e))])


def test_a_province_named_after_its_capital_is_that_capital_at_precision_3() -> None:
    depot = Location(place="a fuel depot in the Belgorod region", country="Russia",
                     country_code="RUS")
    r = row(event(location=depot))
    assert r["geo_precision"] == "3" and r["country"] == "Russia"
    assert r["latitude"].startswith("50.6")  # Belgorod, not Moscow (55.75)
    town = row(event(location=Location(place="Belgorod", country="Russia")))
    assert town["geo_precision"] == "1"


def test_a_capital_only_when_the_text_names_it_or_only_the_country() -> None:
    named = row(event(location=Location(place="eastern Baghdad", country="Iraq")))
    assert (named["latitude"][:4], named["geo_precision"]) == ("33.3", "1")
    country = row(event(location=Location(country="Iraq", country_code="IRQ")))
    assert (country["latitude"][:4], country["geo_precision"]) == ("33.3", "3")
    as_place = row(event(location=Location(place="Iraq", country="Iraq")))
    assert as_place["geo_precision"] == "3"


def test_the_capital_the_text_names_as_the_countrys_capital() -> None:
    r = row(event(location=Location(place="outskirts of the Libyan capital", country="Libya")))
    assert (r["latitude"][:4], r["longitude"][:4], r["geo_precision"]) == ("32.8", "13.1", "1")


def test_a_named_region_has_its_own_point_and_its_own_country() -> None:
    r = row(event(location=Location(place="a village of Yobe State", country="United States",
                                     country_code="USA")))
    assert (r["country"], r["geo_precision"]) == ("Nigeria", "3")
    assert r["latitude"] == "12.3000"
    town = row(event(location=Location(place="Erbil, Kurdistan Region", country="Iraq")))
    assert (town["latitude"][:4], town["geo_precision"]) == ("36.1", "1")  # the town named


# --- actors -----------------------------------------------------------------------------


def test_states_in_acleds_naming_and_codes() -> None:
    e = event("Turkish drones struck a village near Qamishli.",
              attacker=[Actor(name="Turkey", kind="state")],
              target=[Actor(name="Kurdish People's Guard", kind="armed_group")],
              weapon="drone", location=Location(place="Qamishli", country="Syria"))
    r = row(e)
    assert (r["actor1"], r["inter1"]) == ("Military Forces of Turkey", "8")
    assert (r["actor2"], r["inter2"], r["interaction"]) == ("Kurdish People's Guard", "3", "38")
    home = row(event(attacker=[Actor(name="Turkish air force", kind="unknown")],
                     target=[Actor(name="the troops of Syria", kind="unknown")],
                     location=Location(country="Turkey")))
    assert (home["actor1"], home["inter1"]) == ("Military Forces of Turkey", "1")
    assert (home["actor2"], home["inter2"], home["interaction"]) == (
        "Military Forces of Syria", "8", "18")
    us = row(event(attacker=[Actor(name="U.S. forces", kind="unknown")],
                   location=Location(country="Iraq")))
    assert us["actor1"] == "Military Forces of the United States"
    police = row(event(attacker=[Actor(name="Iraqi police", kind="state")],
                       location=Location(country="Iraq")))
    assert (police["actor1"], police["inter1"]) == ("Police Forces of Iraq", "1")


def test_a_group_named_after_its_country_is_not_a_state() -> None:
    r = row(event(attacker=[Actor(name="Syrian Democratic Forces", kind="unknown")],
                  location=Location(country="Syria")))
    assert r["actor1"] == "Syrian Democratic Forces"


@pytest.mark.parametrize(("phrase", "kind"), [
    ("missiles aimed at it", "unknown"), ("US air strikes in Iraq", "unknown"),
    ("six warplanes", "unknown"), ("members of the local council", "organisation"),
    ("Velmar migrant centre", "organisation"), ("Halvik Airport", "organisation")])
def test_a_target_that_is_not_an_actor_goes_to_the_notes(phrase: str, kind: str) -> None:
    e = event(attacker=[Actor(name="Velmar", aliases=["Turkey"], kind="state")],
              target=[Actor(name=phrase, kind=kind)],  # type: ignore[arg-type]
              location=Location(country="Iraq"))
    r = row(e)
    assert (r["actor2"], r["assoc_actor_2"], r["inter2"], r["interaction"]) == ("", "", "0",
                                                                               "80")
    assert phrase in r["notes"]


def test_civilians_hit_are_civilians_of_the_country() -> None:
    r = row(event(target=[Actor(name="a crowded market", kind="unknown")],
                  target_kind="civilian", location=Location(country="Sudan")))
    assert (r["actor2"], r["inter2"], r["interaction"]) == ("Civilians (Sudan)", "7", "37")


@pytest.mark.parametrize(
    ("weapon", "quote", "expected"),
    [
        ("unknown", "A grenade was thrown into the checkpoint.", "Grenade"),
        ("other", "A suicide bomber blew himself up at the gate.", "Suicide bomb"),
        ("unknown", "A suicide drone hit the airport.", "Air/drone strike"),
        ("unknown", "Rockets landed near the base.", "Shelling/artillery/missile attack"),
        ("unknown", "Explosions were heard near the base.", ""),
    ],
)
def test_sub_event_type_is_empty_only_when_nothing_names_the_weapon(
    weapon: str, quote: str, expected: str
) -> None:
    assert row(event(quote, weapon=weapon))["sub_event_type"] == expected


def test_gunmen_are_an_armed_clash() -> None:
    r = row(event("Gunmen ambushed the patrol outside the town.", weapon="unknown"))
    assert (r["event_type"], r["sub_event_type"]) == ("Battles", "Armed clash")


# --- GeoJSON ----------------------------------------------------------------------------


def test_geojson_properties_are_flat_scalars_with_the_detail_as_one_json_string() -> None:
    e = event("A drone struck Mosul yesterday.",
              attacker=[Actor(name="Turkey", kind="state"), Actor(name="Velmar Front")],
              target=[Actor(name="a depot", kind="unknown")], weapon="drone",
              killed=Count(min=3, max=5, text="three to five killed"),
              location=Location(place="Mosul", country="Iraq", country_code="IRQ"))
    data = json.loads(to_geojson([("a.txt", brief(e))], PUBLISHED))
    (feature,) = data["features"]
    props = feature["properties"]
    assert all(v is None or isinstance(v, str | int | float | bool) for v in props.values())
    assert props["attacker"] == "Turkey; Velmar Front" and props["target"] == "a depot"
    assert (props["killed_min"], props["killed_max"], props["injured_min"]) == (3, 5, None)
    assert (props["weapon"], props["event_date"], props["time_precision"]) == (
        "drone", "2031-05-07", 1)
    assert props["published"] == "2031-05-08"
    assert json.loads(props["event_json"]) == e.model_dump(mode="json")


# --- batch inputs -----------------------------------------------------------------------


def test_batch_inputs_carry_a_published_date(tmp_path: Path) -> None:
    items = list(from_values([{"id": "a", "text": "t", "published": "2031-05-08"},
                              {"id": "b", "text": "t"},
                              {"id": "c", "text": "t", "published": "May 8"}]))
    assert [i.published for i in items[:2]] == [PUBLISHED, None]
    with pytest.raises(InputError, match="item 2: published"):
        items[2].load()
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"id": "x", "text": "t", "published": "2031-01-02"}) + "\n"
                     + json.dumps({"id": "y", "text": "t"}) + "\n", encoding="utf-8")
    got = {i.id: i.published for i in from_specs([str(jsonl)], PUBLISHED)}
    assert got == {"x": dt.date(2031, 1, 2), "y": PUBLISHED}  # --published: the others


class _Engine:
    """Returns one fixed brief without a publication date."""

    prompt_version = "p1"

    def __init__(self) -> None:
        self.settings = Settings(model="m")

    async def asummarize(self, text: str, *, source: str = "<text>") -> Brief:
        return brief(event("A drone hit the depot yesterday."))


async def test_run_items_sets_published_of_briefs_without_a_dateline() -> None:
    items = [Item("a", "a", lambda: _article("a"), PUBLISHED),
             Item("b", "b", lambda: _article("b"))]
    got = {o.id: o.result async for o in run_items(items, _Engine(), concurrency=1)}
    assert isinstance(got["a"], Brief) and got["a"].published == PUBLISHED
    assert isinstance(got["b"], Brief) and got["b"].published is None


def _article(name: str) -> Any:
    from summarizer.reader import article_from_text

    return article_from_text(f"Article {name}.", name)


# --- CLI --------------------------------------------------------------------------------


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(app, args)


def _briefs_file(tmp_path: Path) -> Path:
    e = event("A drone struck the bridge at Mosul on Tuesday.",
              attacker=[Actor(name="Turkey", kind="state")], weapon="drone",
              location=Location(place="Mosul", country="Iraq", country_code="IRQ"))
    lost = event(location=Location(place="Hill 402", country="Iraq"))
    path = tmp_path / "briefs.jsonl"
    path.write_text(json.dumps({"id": "a", "source": "söurce.txt",
                                "brief": brief(e, lost).model_dump(mode="json")}) + "\n",
                    encoding="utf-8")
    return path


def test_export_published_and_excel(tmp_path: Path) -> None:
    path = _briefs_file(tmp_path)
    out = tmp_path / "rows.csv"
    result = invoke(["export", str(path), "--to", "acled-csv", "--published", "2031-05-08",
                     "--excel", "--out", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["event_date"] == "2031-05-06" and rows[0]["source"] == "söurce.txt"
    assert "1 event(s) without coordinates" in result.stderr and "Hill 402" in result.stderr
    plain = invoke(["export", str(path), "--to", "acled-csv"])
    assert plain.exit_code == 0 and not plain.stdout.startswith("\ufeff")
    assert next(csv.DictReader(io.StringIO(plain.stdout)))["event_date"] == ""


def test_excel_is_for_the_csv_only(tmp_path: Path) -> None:
    result = invoke(["export", str(_briefs_file(tmp_path)), "--to", "geojson", "--excel"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "error: --excel is for --to acled-csv only, not geojson"


@pytest.mark.parametrize("command", [["export", "{briefs}", "--to", "geojson"],
                                     ["summarize", "{article}"],
                                     ["batch", "{article}", "--out", "{out}"]])
def test_a_bad_published_date_is_one_line(command: list[str], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("A drone struck a depot.", encoding="utf-8")
    values = {"briefs": str(_briefs_file(tmp_path)), "article": str(article),
              "out": str(tmp_path / "out.jsonl")}
    result = invoke([part.format(**values) for part in command] + ["--published", "5/8/31"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: --published: expected a date YYYY-MM-DD")
