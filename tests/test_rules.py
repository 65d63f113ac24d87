"""The general reading rules added for articles the rules were never tuned on, each on an
invented sentence: speaker frames are not attackers, a weapon's adjective names the
attacker, the place hit is not the attacker's own country nor the dateline, restatements
and tolls join their event, separation markers and non-kinetic frames keep apart what is
no strike, and reactions come from the text's own statement frames."""

from __future__ import annotations

import pytest

from summarizer.models import Span
from summarizer.pipeline.attackers import attacker_ok, blamed_on, is_reporter, is_victim
from summarizer.pipeline.names import adjective_attacker, clean_attacker, with_country
from summarizer.pipeline.planning import _strike_sentence, plan
from summarizer.pipeline.statements import stance_of, statements
from summarizer.pipeline.draft import Draft
from summarizer.reader import article_from_text


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("Norland Public Relations", "The Norland Public Relations (NPR) said on Wednesday "
                                     "that 12 soldiers were killed in an attack."),
        ("NPR", "The Norland Public Relations (NPR) said that 12 soldiers were killed."),
        ("Kessa Airways", "Kessa Airways (KA, Kessa International) has confirmed it resumed "
                          "normal flight operations."),
        ("Army Col. Ivo Dren", "Army Col. Ivo Dren, the coalition spokesman, said the rockets "
                               "landed on the base."),
    ],
)
def test_a_speaker_is_a_reporter_not_an_attacker(name: str, sentence: str) -> None:
    assert is_reporter(name, sentence)
    assert not attacker_ok(name, sentence, "", "")


def test_the_attacker_who_says_it_did_it_stays() -> None:
    sentence = "The Crimson Brigade said on Monday it had attacked the border post."
    assert not is_reporter("Crimson Brigade", sentence)


def test_a_clause_with_a_later_source_keeps_its_subject() -> None:
    assert not is_reporter("Norland", "Norland struck the camp at dawn, officials said.")


@pytest.mark.parametrize(
    ("sentence", "attacker"),
    [
        ("A Turkish drone attacked a group of fighters near the camp.", "Turkey"),
        ("Pakistani aircraft carried out the attack at 3am.", "Pakistan"),
        ("An Israeli airstrike hit the building.", "Israel"),
        ("Russian and Ukrainian negotiators met in Istanbul.", ""),
        ("A Turkish drone and Syrian jets were seen over the town.", ""),  # two: none
    ],
)
def test_an_adjective_names_the_attacker(sentence: str, attacker: str) -> None:
    assert adjective_attacker(sentence) == attacker


@pytest.mark.parametrize(
    ("answer", "clean"),
    [("Ukrainian army helicopters", "Ukraine"), ("U. S. airpower", "United States"),
     ("Turkish drone strike", "Turkey"), ("missiles", "")],
)
def test_weapon_words_leave_the_attacker(answer: str, clean: str) -> None:
    assert clean_attacker(answer) == clean


def test_an_unnamed_institution_gets_its_country() -> None:
    assert with_country("the military", "A drone hit a market in Sudan's capital.") == (
        "Sudan military")
    assert with_country("Crimson Brigade", "A drone hit a market in Sudan.") == "Crimson Brigade"


def test_victims_in_the_passive_are_not_attackers() -> None:
    assert is_victim("Norlandian troops", "Seven Norlandian troops were killed in an attack "
                                          "on a post.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Officials blamed Estavia for the attacks on the city.", "Estavia"),
        ("A governor accused Norlandian helicopters of bombing a depot.", "Norland"),
        ("He accused Estavia of plundering the region's minerals.", ""),  # no attack
        ("But the government said the Crimson Brigade was responsible.", "Crimson Brigade"),
        ("The Crimson Brigade rebels denied they had launched the rocket attack.",
         "Crimson Brigade"),
        ("The Crimson Brigade denied that it had carried out the strike.", "Crimson Brigade"),
        ("Police said Hamas was responsible for security in Gaza.", ""),
        ("Estavia denied it had fired at civilians.", ""),  # no strike named
    ],
)
def test_blame_names_the_attacker_only_for_an_attack(text: str, name: str) -> None:
    assert blamed_on(text) == name or (name == "Norland" and blamed_on(text) == "Norlandian")


@pytest.mark.parametrize(
    ("sentence", "strike"),
    [
        ("The treasury targeted Estavia's drone industry with sanctions.", False),
        ("Norland test-fired a ballistic missile into the sea.", False),
        ("A missile struck a market, killing five, as talks stalled.", True),
        ("Jets bombed the depot overnight.", True),
        ("A sanitization operation is being conducted in the area.", False),
        ("In June, the army reported 17 drone attacks over six weeks, with no deaths.", False),
        ("Rebels carried out dozens of attacks this year.", False),
        ("Norland warned that any such attack would pull it into a wider war.", False),
        ("Officials fear a possible drone attack on the port.", False),
        ("Jets carried out new strikes that hit the port.", True),
        ("Strikes and Repercussions", False),
        ("Drone Attack on Base", False),
        ("Drones attacked the base", True),
        ("The group said 40 raids over two days killed nine soldiers.", True),
    ],
)
def test_non_kinetic_frames_are_no_strike_sentences(sentence: str, strike: bool) -> None:
    assert _strike_sentence(sentence) is strike


def _spans(*sentences: str) -> list[Span]:
    out, start = [], 0
    for s in sentences:
        out.append(Span(quote=s, start=start, end=start + len(s)))
        start += len(s) + 1
    return out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Hajiyev blamed Estavia for the attacks.", [("Hajiyev", "condemn")]),
        ("The Estavian Defense Ministry stated that it had nothing to do with them.",
         [("Estavian Defense Ministry", "deny")]),
        ("“I hope it ends very quickly,” Trump said.", [("Trump", "other")]),
        # the last one named also takes the relative clause's stance
        ("The strike drew condemnation from Hamas, Iraq and Jordan, which warned against "
         "escalation.", [("Hamas", "condemn"), ("Iraq", "condemn"), ("Jordan", "condemn"),
                         ("Jordan", "call_for_restraint")]),
        ("However, the government has strongly condemned the airstrikes, calling them a "
         "breach of Iraq's sovereignty.", [("Iraq government", "condemn")]),
        ("Both Norland's foreign and defence ministries said they could neither confirm nor "
         "deny that it was behind the attack.",
         [("Both Norland's foreign and defence ministries", "other")]),
        ("The Norland army denied that it had intentionally targeted civilians.",
         [("Norland army", "other")]),
        ("President Ivo Dren and Prime Minister Ana Sol expressed grief over the deaths.",
         [("President Ivo Dren", "other"), ("Prime Minister Ana Sol", "other")]),
        ("Witnesses said the blast shattered windows.", []),
        ("Officials said 12 people were killed in the strike.", []),
        ("Kessa, a correspondent reported, was shaken by blasts.", []),
        ("Wednesday’s strike marked the deadliest attack in a month, Ivo Dren said.",
         [("Ivo Dren", "other")]),
        ("The reported strikes came after troops were attacked, the ministry said.", []),
    ],
)
def test_statement_frames(sentence: str, expected: list[tuple[str, str]]) -> None:
    found = [(s.speaker, s.stance) for s in statements(_spans(sentence))]
    assert found == expected


def test_a_pronoun_speaker_is_the_previous_one() -> None:
    found = statements(_spans("Felix Dren, president of Norland, said he was cutting short "
                              "a trip.", "He has accused Estavia of the attack."))
    assert [(s.speaker, s.stance) for s in found] == [("Felix Dren", "other"),
                                                     ("Felix Dren", "condemn")]


def test_the_first_cue_gives_the_stance() -> None:
    assert stance_of("X condemned the attack and urged restraint.") == ("condemn", True)
    assert stance_of("X urged restraint after it condemned the attack.")[0] == (
        "call_for_restraint")
    assert stance_of("X met Y.") == ("other", False)


def test_every_candidate_of_a_long_plan_is_read() -> None:
    text = " ".join(f"Jets struck the depot in Town{i} on Monday." for i in range(30))
    assert len(plan(article_from_text(text))) == 30


def test_a_short_speaker_takes_the_fullest_name_the_article_gives() -> None:
    found = statements(_spans(
        "Aide to the President of Norland Ivo Dren said that 20 houses were destroyed.",
        "Dren blamed Estavia for the attacks.",
        "PM Ana Sol said the attack was cowardly.",
        "Prime Minister Ana Sol expressed grief over the deaths.",
    ))
    assert [(s.speaker, s.stance) for s in found] == [
        ("Aide to the President of Norland Ivo Dren", "condemn"),
        ("Prime Minister Ana Sol", "condemn"),
        ("Prime Minister Ana Sol", "other"),
    ]


def test_the_attackers_own_country_includes_the_one_its_name_carries() -> None:
    from summarizer.pipeline.places import own_country as _own

    assert _own("Yemen", ["Yemen's Iran-aligned Houthi group"])
    assert _own("Ukraine", ["Ukraine"])
    assert not _own("United Arab Emirates", ["Yemen's Iran-aligned Houthi group"])


def test_a_country_hit_as_a_whole_locates_the_draft() -> None:
    from summarizer.pipeline.draft import Draft
    from summarizer.pipeline.merging import _countries

    assert _countries(Draft(["Houthis"], ["United Arab Emirates (UAE)"], [])) == {
        "United Arab Emirates"}
    assert _countries(Draft(["Houthis"], ["fuel trucks"], ["Abu Dhabi"])) == {
        "United Arab Emirates"}


@pytest.mark.parametrize(
    ("evidence", "article", "label"),
    [
        # the lead attributes it to a third party; a later plain line restates it
        ("A Norlandian drone strike killed two fighters, Estavia's security service said. "
         "Norlandian forces frequently strike the region.", "", "alleged"),
        # a news agency is a channel, not a party
        ("A drone strike launched by Norland killed 43 people, Reuters reported.", "",
         "confirmed"),
        # a claim anywhere in the article
        ("A checkpoint was attacked by the Crimson Brigade at dawn.",
         "The Crimson Brigade claimed responsibility, according to local media.", "claimed"),
        ("The Houthis had attacked the port in what they said was an operation with drones.",
         "", "claimed"),
        # a denial in the passive is its agent's: the owner's, not the attacker's
        ("Norland said it had struck a weapons depot, which was denied by the owner of the "
         "facility.", "", "claimed"),
        ("The strike on the depot was denied by Norland.", "", "denied"),
        # the attacker justifies the strike: it acknowledges it, it does not deny it
        ("A drone strike launched by Norland killed 43 civilians, citing a local official. "
         "Norland denied that it had intentionally targeted civilians and contended that the "
         "strike was aimed against fighters.", "", "confirmed"),
    ],
)
def test_attribution_reads_who_attributes_it(evidence: str, article: str, label: str) -> None:
    from summarizer.normalize.cues import attribution_of

    names = ["Norland"] if "Norland" in evidence else (
        ["Crimson Brigade"] if "Crimson" in evidence else ["Houthis"])
    assert attribution_of(evidence, names, context=article or evidence) == label


def _draft(sentence: str, attacker: str, target: str, place: str, i: int = 0) -> Draft | None:
    from summarizer.pipeline.planning import StrikeOut
    from summarizer.pipeline.draft import draft_of

    spans = _spans(*(["Filler."] * i), sentence)
    return draft_of(StrikeOut(attacker=attacker, target=target, place=place), spans, i, [target])


def test_a_definite_reference_restates_the_strike_before() -> None:
    from summarizer.pipeline.draft import Draft
    from summarizer.pipeline.merging import merge

    first = _draft("Norland jets bombed a migrant centre in Libya, killing 40.", "Norland",
                   "migrant centre", "Libya")
    again = _draft("The attack was carried out by F-16 fighter-bombers advancing on Valdoria.",
                   "F-16 fighter-bombers", "Valdoria", "", 1)
    other = _draft("A drone hit a Norland convoy in Chad on Monday.", "", "Norland convoy",
                   "Chad", 2)
    assert isinstance(first, Draft) and isinstance(again, Draft) and isinstance(other, Draft)
    drafts: list[Draft] = []
    for d in (first, again, other):
        merge(drafts, d)
    assert len(drafts) == 2
    assert drafts[0].sentences == [0, 1]
    assert drafts[0].attackers == ["Norland"]  # the restatement names no new side


def test_a_restatement_in_another_country_stays_apart() -> None:
    from summarizer.pipeline.draft import Draft
    from summarizer.pipeline.merging import merge

    first = _draft("Norland jets bombed a depot in Libya.", "Norland", "depot", "Libya")
    later = _draft("The strikes in Chad hit two bridges.", "Norland", "two bridges", "Chad", 1)
    assert isinstance(first, Draft) and isinstance(later, Draft)
    drafts: list[Draft] = []
    merge(drafts, first)
    merge(drafts, later)
    assert len(drafts) == 2


def test_the_targets_owner_is_not_where_it_was_hit() -> None:
    from summarizer.pipeline.draft import Draft

    owned = _draft("The strikes targeted Iran's Revolutionary Guard and allied militias.",
                   "United States", "Iran's Revolutionary Guard", "Iran")
    hyphen = _draft("The strikes targeted Iran's Revolutionary Guard and Iran-backed militias.",
                    "United States", "Iran's Revolutionary Guard", "Iran")
    assert isinstance(hyphen, Draft) and hyphen.places == []
    inside = _draft("The strikes hit Iran's Revolutionary Guard bases in Iran.",
                    "United States", "Revolutionary Guard bases", "Iran")
    assert isinstance(owned, Draft) and isinstance(inside, Draft)
    assert owned.places == [] and inside.places == ["Iran"]


def test_a_small_place_with_a_namesake_takes_its_provinces_country() -> None:
    from summarizer.normalize.geo import country_of_place

    assert country_of_place("Haska Mina district of Nangarhar province") == "Afghanistan"
    assert country_of_place("near Mosul") == "Iraq"


def test_a_strike_with_nobody_and_nowhere_named_joins_the_one_before() -> None:
    from summarizer.pipeline.draft import Draft
    from summarizer.pipeline.merging import merge

    first = _draft("Norland drones struck fighters in Syria, killing four.", "Norland",
                   "fighters", "Syria")
    orphan = _draft("Filler. The group said drones hit its positions eight times.", "",
                    "its positions", "", 3)
    assert isinstance(first, Draft) and isinstance(orphan, Draft)
    drafts: list[Draft] = []
    merge(drafts, first)
    merge(drafts, orphan)
    assert len(drafts) == 1 and drafts[0].sentences == [0, 3]


@pytest.mark.parametrize(("answer", "place"), [
    ("U. S. Central Command", ""),
    ("Revolutionary Guard Corps", ""),
    ("army base near Kirkuk", "army base near Kirkuk"),
    ("Nangarhar province", "Nangarhar province"),
])
def test_an_organisation_is_no_place(answer: str, place: str) -> None:
    from summarizer.pipeline.places import _place

    assert _place(answer) == place


def test_a_described_armed_group_claims_under_its_own_name() -> None:
    from summarizer.normalize.cues import attribution_of

    evidence = ("A drone attack by Yemen's Iran-aligned Al Houthi militants hit an oil field. "
                "Earlier, Al Houthis said they had targeted the oil field with ten drones.")
    assert attribution_of(evidence, ["Yemen's Iran-aligned Al Houthi militants"]) == "claimed"
    # a state inside a description lends no names: Iran's words are not the militants'
    plain = "Iran-backed gunmen attacked the post. Iran said it had struck the post."
    assert attribution_of(plain, ["Iran-backed gunmen"]) != "claimed"


# --- round of 2026-12-03 (evening): counts, statements, places ------------------------------


def test_the_means_after_a_figure_are_not_its_victims() -> None:
    from summarizer.pipeline.tolls import count_of

    sentence = ("Ivo Dren, a general, was killed near the airport in a Norland drone strike "
                "in 2020.")
    assert (count_of([sentence], "killed", ["Norland"]).min) == 1
    own = "The strike killed three Norland soldiers at the post."
    assert count_of([own], "killed", ["Norland"]).min is None  # the attacker's own losses


def test_a_figure_placed_in_another_country_belongs_to_the_other_event() -> None:
    from summarizer.pipeline.tolls import count_of

    sentence = "At least 12 people have been killed in Sudan and 5 in Chad-held border towns."
    here = count_of([sentence], "killed", ["Norland"], ["Sudan"])
    there = count_of([sentence], "killed", ["Norland"], ["Chad"])
    assert (here.min, here.max) == (12, None)
    assert (there.min, there.max) == (5, None)
    both = count_of([sentence], "killed", [], [])  # no location: every figure
    assert (both.min, both.max) == (5, None)  # "at least 12" leaves the top open


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("A 10-year-old boy died on Wednesday in a drone attack on soldiers.", (1, None)),
        ("Ivo Dren died of his wounds on Monday.", (1, None)),
        ("Many died in the shelling.", (None, None)),
        ("Two soldiers died.", (2, 2)),
    ],
)
def test_one_person_who_died_counts_as_at_least_one(sentence: str,
                                                    count: tuple[int | None, int | None]
                                                    ) -> None:
    from summarizer.pipeline.tolls import count_of

    found = count_of([sentence], "killed", [])
    assert (found.min, found.max) == count


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Estavian foreign ministry, in turn, reported on the strikes of Norland drones "
         "on its bases.", []),
        ("The ship came under fire from small boats, the maritime agency said.", []),
        ("Norland forces said they repelled further drone attacks near the base.", []),
        ("Norland has sent troops across the border, according to Estavia and Aland.", []),
        ("Baku and Yerevan have repeatedly accused each other of violating the truce.", []),
        ("Estavia accused Norland of violating the truce.", [("Estavia", "condemn")]),
        ("Felix Dren has accused Estavia of using a proxy militia to seize the mines.", []),
        ("Felix Dren accused Estavia of shelling the camp.", [("Felix Dren", "condemn")]),
        ("Minister Ivo Dren said that further attacks will be met with force.",
         [("Minister Ivo Dren", "threaten")]),
        ("Minister Ivo Dren said the army would capture those responsible for the attack.",
         [("Minister Ivo Dren", "threaten")]),
        ("Kessa-based activist Ana Sol said she decried the shelling.", []),
        ("It comes as international mediators have urged both sides to agree a deal.", []),
        ("Kessa: A drone attack by rebels on an oil field did not affect output, Minister Ivo "
         "Dren said.", []),
        ("The Norland army said it did not target civilians, describing the rebels' "
         "accusations as “false and misleading”.", [("Norland army", "deny")]),
        ("The UN mission said 40 people died in the attack, which the government in Kessa "
         "blamed on the rebels.", [("government in Kessa", "condemn")]),
    ],
)
def test_reports_sources_and_standing_quarrels_are_not_reactions(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    found = [(s.speaker, s.stance) for s in statements(_spans(sentence))]
    assert found == expected


def test_a_sentence_whose_frame_is_read_gets_no_reaction_call() -> None:
    text = ("Norland jets bombed a depot in Estavia on Monday. "
            "Norland forces said they repelled further drone attacks that concerned residents. "
            "The raid was a violation of sovereignty, residents shouted.")
    calls = [c.name for c in plan(article_from_text(text, "t"))]
    assert "reaction-1" not in calls  # code read the frame: a report, not a reaction
    assert "reaction-2" in calls  # no frame code reads: the model judges it


def test_bare_congo_is_the_drc() -> None:
    from summarizer.normalize.geo import countries_in, country_code

    assert countries_in("a camp in eastern Congo") == ["Democratic Republic of the Congo"]
    assert country_code("Republic of Congo") == "COG"
    assert country_code("Congo-Brazzaville") == "COG"


def test_an_attack_on_another_target_is_another_strike() -> None:
    from summarizer.pipeline.draft import Draft

    first = _draft("Rebels attacked a tanker in the Red Sea on Wednesday.", "Rebels", "tanker",
                   "")
    other = _draft("U.S. officials said a rebel missile attack on another ship, in the Gulf, "
                   "killed three.", "rebel", "ship", "", 1)
    assert isinstance(first, Draft) and isinstance(other, Draft)
    assert not first.separate and other.separate


def test_a_dateline_in_the_context_is_not_the_place() -> None:
    from summarizer.pipeline.planning import StrikeOut
    from summarizer.pipeline.draft import Draft, draft_of

    spans = _spans("Dubai, United Arab Emirates — A tanker came under attack on Wednesday.",
                   "Few details were given about the attack on the tanker by rebels.")
    draft = draft_of(StrikeOut(attacker="rebels", target="tanker",
                               place="Dubai, United Arab Emirates"), spans, 1, ["tanker"])
    assert isinstance(draft, Draft) and draft.places == []


def test_the_attack_that_provoked_a_strike_is_an_event_of_its_own() -> None:
    from summarizer.pipeline.planning import StrikeOut
    from summarizer.pipeline.text_strikes import provoking_strike

    sentence = ("The strikes were ordered by the president in response to a drone attack "
                "carried out by the Crimson Brigade, a militia in the north, which injured "
                "three U.S. service members, one critically.")
    main = StrikeOut(attacker="Norland", target="Crimson Brigade", place="")
    found = provoking_strike(sentence, [main])
    assert found is not None
    strike, phrase = found
    assert (strike.attacker, strike.target) == ("Crimson Brigade",
                                                "three U.S. service members")
    assert phrase == "a drone attack carried out by the Crimson Brigade"  # its own words
    # the model listed it already: nothing to add
    assert provoking_strike(sentence, [main, StrikeOut(attacker="Crimson Brigade",
                                                       target="service members",
                                                       place="")]) is None
    assert provoking_strike("Jets struck the depot after talks failed.", [main]) is None


def test_a_provoking_attack_gets_its_own_weapon_place_and_toll() -> None:
    from summarizer.models import Usage
    from summarizer.pipeline import assemble
    from summarizer.pipeline.planning import StrikesOut

    text = ("Norland jets struck militia depots in Estavia on Monday. The strikes were ordered "
            "in response to a drone attack carried out by the Crimson Brigade, which injured "
            "three Norland soldiers.")
    article = article_from_text(text, "t")
    calls = plan(article)
    answers = {c.name: StrikesOut.model_validate(
        {"strikes": [{"attacker": "Norland", "target": "militia depots", "place": "Estavia"}]})
        for c in calls if c.name.startswith("strike")}
    brief = assemble(article, answers, Usage(), 0.0, model="test", calls=calls)
    provoking = [e for e in brief.events if e.attacker and e.attacker[0].name == "Crimson Brigade"]
    assert len(brief.events) == 2 and len(provoking) == 1
    e = provoking[0]
    assert e.weapon == "drone" and e.injured.min == 3 and e.location.country is None
    main = next(e for e in brief.events if e is not provoking[0])
    assert main.weapon == "airstrike" or main.weapon == "unknown"
    assert main.injured.min is None  # the soldiers are the attacker's own


def test_a_provoking_attack_told_again_later_keeps_its_toll() -> None:
    from summarizer.models import Usage
    from summarizer.pipeline import assemble
    from summarizer.pipeline.planning import StrikesOut

    text = ("Norland jets struck militia depots in Estavia on Monday. The strikes were ordered "
            "in response to a drone attack carried out by the Crimson Brigade, which injured "
            "three Norland soldiers. The Crimson Brigade drone attack hit a Norland outpost "
            "near the border.")
    article = article_from_text(text, "t")
    calls = plan(article)
    own = {"attacker": "Norland", "target": "militia depots", "place": "Estavia"}
    later = {"attacker": "Crimson Brigade", "target": "Norland outpost", "place": ""}
    answers = {c.name: StrikesOut.model_validate({"strikes": [later if c.sentence == 2 else own]})
               for c in calls if c.name.startswith("strike")}
    brief = assemble(article, answers, Usage(), 0.0, model="test", calls=calls)
    provoking = [e for e in brief.events if e.attacker and e.attacker[0].name == "Crimson Brigade"]
    assert len(provoking) == 1 and len(provoking[0].evidence) >= 2  # told twice, one event
    assert provoking[0].injured.min == 3  # the toll after "in response to" is still its own


def test_a_sides_own_claim_inside_a_longer_sentence_is_a_strike() -> None:
    from summarizer.pipeline.planning import StrikeOut
    from summarizer.pipeline.text_strikes import claimed_strike

    sentence = ("Estavia insisted it had the right to defend itself, while its ally the "
                "Crimson Brigade said it had targeted a northern airbase and a radar site.")
    found = claimed_strike(sentence, [])
    assert found is not None
    assert (found.attacker, found.target) == ("Crimson Brigade",
                                              "a northern airbase and a radar site")
    listed = StrikeOut(attacker="Crimson Brigade", target="airbase", place="")
    assert claimed_strike(sentence, [listed]) is None  # the model has it already
    assert claimed_strike("The minister said it had been a difficult week.", []) is None


def test_a_name_with_its_acronym_also_goes_by_each() -> None:
    from summarizer.normalize.cues import attribution_of

    evidence = ("A drone strike launched by the Crimson Brigade Army (CBA) killed 43 civilians, "
                "an official said. The CBA denied that it had deliberately targeted civilians "
                "and said the strike was aimed at fighters.")
    assert attribution_of(evidence, ["Crimson Brigade Army (CBA)"]) == "confirmed"
    assert attribution_of("The CBA denied carrying out the strike.",
                          ["Crimson Brigade Army (CBA)"]) == "denied"


def test_the_dead_of_the_attack_answered_are_not_this_attacks() -> None:
    from summarizer.pipeline.tolls import count_of

    sentence = ("The Crimson Brigade said it had attacked Norland troops at the border in "
                "response to Norland's two air strikes that killed eight women and children.")
    assert count_of([sentence], "killed", ["Crimson Brigade"]).min is None
    # the provoking attack's own event keeps them
    assert count_of([sentence], "killed", ["Norland"], provoking=True).min == 8
    plain = "The Crimson Brigade attacked Norland troops at the border, killing eight soldiers."
    assert count_of([plain], "killed", ["Crimson Brigade"]).min == 8


def test_a_country_institution_denies_under_its_bare_name() -> None:
    from summarizer.normalize.cues import attribution_of

    evidence = "A drone attack on a market killed 43 people, activists said."
    article = (evidence + " The rebels blamed the military for the attack. The military said "
               "it did not target civilians, describing the accusations as “false and "
               "misleading claims”.")
    assert attribution_of(evidence, ["Sudan military"], context=article) == "denied"
    assert attribution_of(evidence, ["Sudan military"], context=evidence) == "alleged"


def test_a_strike_named_as_a_possessive_is_read_when_the_model_lists_none() -> None:
    from summarizer.pipeline.planning import StrikeOut
    from summarizer.pipeline.text_strikes import possessive_strike

    sentence = ("Markets rose on Monday as investors shrugged off Norland's weekend attacks on "
                "Estavia, traders said.")
    found = possessive_strike(sentence, [])
    assert found is not None and (found.attacker, found.target) == ("Norland", "Estavia")
    listed = [StrikeOut(attacker="Norland", target="Estavia", place="")]
    assert possessive_strike(sentence, listed) is None  # the model's reading stands
    assert possessive_strike("Norland's talks on trade resumed.", []) is None


def test_a_condemnation_of_the_strike_restates_it() -> None:
    from summarizer.pipeline.planning import StrikeOut
    from summarizer.pipeline.draft import Draft, draft_of
    from summarizer.pipeline.merging import merge

    spans = _spans("Crimson Brigade jets bombed a migrant centre in Libya, killing 40.",
                   "The UN mission on Wednesday condemned the deadly overnight air strike.")
    first = draft_of(StrikeOut(attacker="Crimson Brigade", target="migrant centre",
                               place="Libya"), spans, 0, ["migrant centre"])
    again = draft_of(StrikeOut(attacker="Crimson Brigade", target="migrant centre", place=""),
                     spans, 1, ["migrant centre"])
    assert isinstance(first, Draft) and isinstance(again, Draft) and again.restates
    drafts: list[Draft] = []
    merge(drafts, first)
    merge(drafts, again)
    assert len(drafts) == 1 and drafts[0].sentences == [0, 1]
    fresh = _draft("The UN condemned a new air strike on a camp in Chad.", "Norland", "camp",
                   "Chad", 2)
    assert isinstance(fresh, Draft) and not fresh.restates  # an indefinite strike is news


def test_an_unnamed_institution_takes_the_articles_country_when_its_sentences_name_none() -> None:
    found = statements(_spans(
        "A drone attack on a market in Sudan killed 43 people.",
        "The rebels blamed the air force for the attack.",
        "The military said it did not target civilians, describing the rebels' accusations as "
        "“false and misleading claims.”"))
    assert ("Sudan military", "deny") in [(s.speaker, s.stance) for s in found]
    # no country anywhere: "the government" is nobody
    assert statements(_spans("The government condemned the attack.")) == []


def test_a_strike_that_hit_something_new_is_another_strike() -> None:
    from summarizer.pipeline.draft import Draft
    from summarizer.pipeline.merging import merge

    first = _draft("Norland drone strikes killed four fighters and wounded 11 civilians in "
                   "Estavia.", "Norland", "fighters", "Estavia")
    ambulance = _draft("Medics said a Norland strike hit one of their ambulances.", "Norland",
                       "one of their ambulances", "", 1)
    again = _draft("Medics said a Norland strike hit fighters near the border.", "Norland",
                   "fighters near the border", "", 2)
    assert all(isinstance(d, Draft) for d in (first, ambulance, again))
    drafts: list[Draft] = []
    for d in (first, ambulance, again):
        assert d is not None
        merge(drafts, d)
    assert [d.sentences for d in drafts] == [[0, 2], [1]]


# --- a second read of this round's rules: inputs they must not misread ------------------------


def test_a_main_clause_after_the_answered_attack_keeps_its_toll() -> None:
    from summarizer.pipeline.tolls import count_of

    sentence = "In retaliation for Sunday's attack, Norland jets struck Kessa, killing 12 people."
    assert count_of([sentence], "killed", ["Norland"]).min == 12


def test_the_means_after_in_are_no_place() -> None:
    from summarizer.pipeline.tolls import count_of

    assert count_of(["Eight people were killed in Russian strikes on Kharkiv."], "killed",
                    ["Russia"], ["Ukraine"]).min == 8


def test_a_statement_about_the_strike_is_still_a_reaction() -> None:
    found = statements(_spans("Foreign Minister Ivo Dren said the strike on the hospital was "
                              "a tragedy."))
    assert [(s.speaker, s.stance) for s in found] == [("Foreign Minister Ivo Dren", "other")]
    assert statements(_spans("Estavia, which has long accused Norland of aggression, "
                             "condemned Monday's strike.")) != []


def test_a_passive_blame_names_no_speaker() -> None:
    found = statements(_spans("Forty people died in the attack, which was blamed on the rebels."))
    assert all(s.speaker not in ("was", "has been") for s in found)


def test_a_day_is_no_attacker_and_a_speaker_no_side() -> None:
    from summarizer.pipeline.text_strikes import claimed_strike, possessive_strike

    assert possessive_strike("Monday's attack on Kessa killed 12 people.", []) is None
    assert claimed_strike("Officials said they had hit a command centre.", []) is None
    found = claimed_strike("The Norland military said it had struck a depot.", [])
    assert found is None or found.attacker != "The Norland"


def test_responsibility_for_something_else_names_no_attacker() -> None:
    assert blamed_on("Police said Hamas was responsible for security in Gaza.") == ""
    assert blamed_on("Police said Hamas was responsible for the attack.") == "Hamas"


def test_another_countrys_army_denying_is_not_the_attackers_denial() -> None:
    from summarizer.normalize.cues import attribution_of

    evidence = "Israeli army jets struck a village, officials said."
    assert attribution_of(evidence, ["Israeli army"],
                          context=evidence + " The Lebanese army denied any involvement.") != (
        "denied")


def test_a_detail_strike_after_a_toll_is_the_same_strike() -> None:
    from summarizer.pipeline.draft import Draft
    from summarizer.pipeline.merging import merge

    first = _draft("Norland air strikes killed 12 people in Estavia.", "Norland", "12 people",
                   "Estavia")
    detail = _draft("Witnesses said a Norland missile strike hit a building near the market.",
                    "Norland", "building near the market", "", 1)
    assert isinstance(first, Draft) and isinstance(detail, Draft)
    drafts: list[Draft] = []
    merge(drafts, first)
    merge(drafts, detail)
    assert len(drafts) == 1
