"""The shared vocabulary of the rule code, once: named word lists, nothing else.

Rules compose their patterns from these lists (:func:`alternation`), so a word added here
reaches every rule that uses its list. Words are lower case unless the case is the point
(agency names); a space in a phrase matches any run of whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple


def alternation(*lists: Iterable[str]) -> str:
    """A non-capturing regex alternation of the lists' phrases: longest first (so a phrase
    wins over its own first word), escaped, a space matching any whitespace; no boundaries."""
    phrases = sorted(dict.fromkeys(p for words in lists for p in words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + ")"


# --- strikes ------------------------------------------------------------------------------


class StrikeWords(NamedTuple):
    """Words that name a strike: the three every rule knows, all its nouns, its verbs."""

    core_nouns: tuple[str, ...]
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]


STRIKE = StrikeWords(
    core_nouns=("strike", "strikes", "attack", "attacks", "raid", "raids"),
    nouns=("strike", "strikes", "airstrike", "airstrikes", "air strike", "air strikes",
           "air-strike", "air-strikes", "attack", "attacks", "raid", "raids", "air raid",
           "air raids", "air-raid", "air-raids", "bombing", "bombings", "bombardment",
           "bombardments", "shelling", "assault", "assaults", "drone strike", "drone strikes",
           "drone attack", "drone attacks", "missile strike", "missile strikes",
           "missile attack", "missile attacks", "operation", "operations",
           "military operation", "military operations", "explosion", "explosions", "blast",
           "blasts"),
    verbs=("strike", "strikes", "striking", "struck", "attack", "attacks", "attacked",
           "attacking", "raid", "raided", "raiding", "bomb", "bombs", "bombed", "bombing",
           "shell", "shells", "shelled", "shelling", "target", "targets", "targeted",
           "targeting", "hit", "hits", "hitting", "fire", "fires", "fired", "firing", "launch",
           "launched", "launching", "carried out", "carry out", "carrying out", "conducted",
           "shot down"),
)  # fmt: skip

# the means of a strike, named as things ("a Russian missile", "Pakistani aircraft")
WEAPON_NOUNS = (
    "drone", "drones", "missile", "missiles", "rocket", "rockets", "mortar", "mortars",
    "shell", "shells", "bomb", "bombs", "artillery", "warplane", "warplanes", "jet", "jets",
    "fighter jet", "fighter jets", "fighter-bomber", "fighter-bombers", "aircraft",
    "helicopter", "helicopters", "gunship", "gunships", "air power", "airpower",
)  # fmt: skip

# something was hit: what turns a tally, a hypothetical or a non-kinetic frame into a strike
HIT_VERBS = ("killed", "wounded", "injured", "struck", "hit", "destroyed", "damaged")

# the words that say a strike answers another attack ("in retaliation for", "to avenge")
ANSWERS_ANOTHER_ATTACK = (
    "in response to", "in retaliation for", "in retaliation against", "retaliation for",
    "retaliation against", "retaliate for", "retaliated for", "retaliates for",
    "retaliating for", "retaliate against", "retaliated against", "retaliates against",
    "retaliating against", "in the wake of", "to avenge",
)  # fmt: skip
# weaker links to an earlier event: they name what came before, not always an attack
FOLLOWS_ANOTHER_EVENT = (
    "following", "followed", "follows", "after", "prompted by", "triggered by", "avenging",
    "answer to",
)  # fmt: skip

# what is fired, never what a strike is aimed at: a strike that "hit" only these is an
# interception
MUNITIONS = ("missile", "missiles", "drone", "drones", "rocket", "rockets", "projectile",
             "projectiles", "uav", "uavs", "shell", "shells", "bomb", "bombs")
# meeting what was fired: "intercepted a drone", "downed 18 drones", "thwarted the attack"
INTERCEPT_WORDS = ("intercepted", "intercepting", "intercepts", "downed", "thwarted", "foiled",
                   "shot down", "shooting down")
# what fire met still did: "several landed in a district", "debris fell on a house"
LANDED_WORDS = ("landed", "exploded", "fell", "crashed", "ablaze", "fire", "burned", "debris")
# verbs that tell a side striking ("Israeli jets struck", "units ... intermittently shelled")
STRUCK_WORDS = ("struck", "fired", "shelled", "launched", "attacked", "hit", "bombed",
                "targeted")
# where a shot lands when it hits nothing
WATERS = ("sea", "waters", "ocean", "gulf")
# what sails: a strike on one with no place named is at sea, in no country
VESSELS = ("ship", "ships", "vessel", "vessels", "tanker", "tankers", "boat", "boats",
           "freighter", "freighters", "warship", "warships", "destroyer", "destroyers")
# a drill: what is fired in one strikes nothing in earnest ("exercise" too, but not
# "exercise restraint": nonstrikes reads it apart)
DRILL_WORDS = ("drill", "drills", "war game", "war games", "wargame", "wargames", "live-fire",
               "live fire", "live firing", "manoeuvre", "manoeuvres", "maneuver", "maneuvers",
               "simulation", "simulations", "simulate", "simulates", "simulating", "simulated",
               "live weapon firing", "combat readiness", "target practice",
               # "a mock attack", "mock targets" (not "a mock trial")
               "mock attack", "mock attacks", "mock target", "mock targets", "mock enemy",
               "mock battle", "mock assault", "mock dogfights")
# a weapons test: what it fires strikes nothing in earnest, told in the same sentence or the
# one before ("test-fired a ... missile"; not "put to the test")
TEST_WORDS = ("test-fired", "test-fire", "test-fires", "test-firing", "test fired",
              "test firing", "test-launched", "test-launch", "test-launches", "test launch",
              "test launched", "test flight", "missile test", "missile tests", "weapons test",
              "weapon test", "successful test")

# sanctions, talks, a sale, a test, an exercise "target" nothing
NON_KINETIC_FRAMES = (
    "sanction", "sanctions", "sanctioned", "sanctioning", "procurement", "designate",
    "designated", "designates", "designating", "designation", "designations", "export control",
    "export controls", "arms sale", "arms sales", "talks", "negotiation", "negotiations",
    "negotiate", "negotiated", "negotiating", "negotiators", "test-fire", "test-fired",
    "test fired", "test-firing", "testfired", "test", "tests",
    "exercise", "exercises", "drill", "drills", "satellite", "program", "programme",
    "capability", "capable", "delivery", "deliveries", "supplied",
    "aid package", "military aid",
    "sentenced", "convicted", "trial", "verdict", "parade", "parades", "unveiled", "showcased",
)  # fmt: skip

# the titles of those who speak for a side ("the military spokesman", "Foreign Minister X")
OFFICIAL_TITLES = ("president", "minister", "governor", "spokesman", "spokeswoman",
                   "spokesperson", "official", "mayor", "ambassador", "envoy", "secretary",
                   "chief")

# --- speech -------------------------------------------------------------------------------


class SpeechVerbs(NamedTuple):
    """Verbs that introduce what someone says, grouped by what the saying does."""

    reporting: tuple[str, ...]
    claiming: tuple[str, ...]
    accusing: tuple[str, ...]


SPEECH = SpeechVerbs(
    reporting=("said", "says", "say", "told", "stated", "reported", "reports", "added",
               "posted", "announced", "announces", "wrote", "tweeted", "confirmed",
               "confirms", "insisted", "quoted", "acknowledged", "acknowledges", "cited",
               "noted", "explained"),
    claiming=("claimed", "alleged", "alleges"),
    accusing=("condemned", "condemns", "denounced", "denied", "denies", "accused", "blamed"),
)  # fmt: skip

# "according to X", "citing X": X is the source of the account
ATTRIBUTING_PHRASES = ("according to", "citing", "quoting", "per")

# --- stance -------------------------------------------------------------------------------


class StanceCues(NamedTuple):
    """Words of a reaction, by the stance they show (stems end in an open ``*`` form)."""

    condemn: tuple[str, ...]
    deny: tuple[str, ...]
    threaten: tuple[str, ...]
    restraint: tuple[str, ...]
    support: tuple[str, ...]


STANCE = StanceCues(
    condemn=("condemn", "condemns", "condemned", "condemning", "condemnation", "denounce",
             "denounces", "denounced", "denouncing", "slam", "slams", "slammed", "blame",
             "blames", "blamed", "blaming", "accuse", "accuses", "accused", "accusing",
             "act of war", "violation", "breach", "cowardly", "heinous", "barbaric",
             "outrageous", "unacceptable", "massacre", "war crime", "crime"),
    deny=("deny", "denies", "denied", "denying", "refuted", "refutes", "has nothing to do with",
          "had nothing to do with", "have nothing to do with", "not involved",
          "no involvement", "not responsible", "played no part", "played no role",
          "did not carry out", "didn't carry out"),
    threaten=("vow", "vows", "vowed", "vowing", "threaten", "threatens", "threatened",
              "threat", "threats", "warn", "warns", "warned", "warning", "retaliate",
              "retaliation", "reserve the right", "reserves the right", "will respond",
              "respond strongly", "respond firmly", "avenge", "pay a price",
              "pay a heavy price", "consequences"),
    restraint=("restraint", "de-escalate", "de-escalation", "deescalate", "deescalation",
               "calm", "not escalate", "not to escalate", "avoid escalation",
               "avoid further escalation", "peaceful resolution"),
    support=("support", "supports", "supported", "right to defend", "right to self-defense",
             "right to self-defence", "welcomed the strikes", "welcomed the operation"),
)  # fmt: skip

# other words of a reaction, whatever its stance
REACTION_WORDS = (
    "urge", "urges", "urged", "urging", "regret", "regrets", "regretted", "concern",
    "concerns", "concerned", "characterised", "characterized", "labelled", "labeled",
    "called for", "called on", "described",
)  # fmt: skip

# a qualified account: the text does not vouch for who did it
HEDGES = (
    "alleged", "allegedly", "reportedly", "suspected", "blamed", "blames", "blaming", "blame",
    "accused", "accuses", "accusing", "believed to", "thought to", "said to have",
    "attributed to", "purported", "purportedly", "presumed", "presumably", "apparent",
    "apparently", "likely carried", "unconfirmed",
)  # fmt: skip

# --- who ----------------------------------------------------------------------------------

# news agencies and broadcasters: channels that carry a statement, never a reaction's actor
# (that one names a strike's attacker is others naming it: normalize.attribution)
NEWS_AGENCIES = ("Reuters", "AFP", "AP", "Associated Press", "Xinhua", "Anadolu", "Al Jazeera",
                 "BBC", "CNN", "TASS", "IRNA", "WAFA", "SANA")
# a state's or a side's own news outlets: what they report of their side's strike is its
# voice ("Iranian missiles struck ..., IRNA reported" is Iran's claim), of another's, others'
STATE_MEDIA: dict[str, str] = {
    "IRNA": "Iran", "Tasnim": "Iran", "Fars": "Iran", "IRIB": "Iran", "Press TV": "Iran",
    "TASS": "Russia", "RIA": "Russia", "RIA Novosti": "Russia", "Sputnik": "Russia",
    "Anadolu": "Turkey", "SANA": "Syria", "SPA": "Saudi Arabia", "WAM": "United Arab Emirates",
    "KCNA": "North Korea", "Xinhua": "China", "WAFA": "Palestine", "NNA": "Lebanon",
    "Al Manar": "Hezbollah", "Al Masirah": "Houthis", "Saba": "Houthis",
    "Ukrinform": "Ukraine", "ISPR": "Pakistan", "Amaq": "Islamic State", "SUNA": "Sudan",
}  # fmt: skip
# common nouns that name a side, not a weapon or a manner ("blamed on the rebels"; the army
# that "carried out air attacks" struck, where "suicide" or "shell" names no one)
SIDE_WORDS = frozenset({"rebels", "militants", "insurgents", "jihadists", "army", "military",
                        "forces", "troops", "fighters", "militia", "militias", "regime",
                        "government", "enemy", "group", "gunmen"})
# a state's institutions named after it ("Sudan military"; "the army")
STATE_INSTITUTIONS = ("military", "army", "government", "armed forces", "air force", "navy")
# more institutions a text names without their country ("the ministry", "security forces")
OTHER_INSTITUTIONS = ("security forces", "government forces", "foreign ministry", "ministry",
                      "administration", "presidency", "cabinet")

# words that make a name an organisation's, not a state's (matched in lower case)
ORGANISATION_WORDS = (
    "un", "united nations", "unsmil", "unicef", "unhcr", "unrwa", "who", "icrc", "red cross",
    "red crescent", "msf", "amnesty", "human rights watch", "nato", "eu", "european union",
    "african union", "arab league", "council", "agency", "organisation", "organization",
    "committee", "commission", "mission", "observatory", "ngo", "charity", "foundation",
    "institute", "center", "centre", "court", "tribunal", "association", "federation",
)  # fmt: skip

# bodies that report on, count or suffer strikes and never make one: the UN, aid and rights
# groups, monitors, courts, committees, a hospital or a camp's "centre"
NON_COMBATANT_WORDS = (
    "un", "united nations", "unicef", "unhcr", "unrwa", "who", "icrc", "red cross",
    "red crescent", "msf", "amnesty", "human rights watch", "committee", "committees",
    "commission", "observatory", "ngo", "charity", "foundation", "institute", "center",
    "centre", "court", "tribunal", "association",
)  # fmt: skip

# --- time ---------------------------------------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                       "nov", "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
                         "sun")

# words that begin place names but are no place alone ("Port" alone is Le Port, Réunion;
# "Sea" is Seattle's code)
GENERIC_PLACE_WORDS = frozenset({"port", "sea", "gulf", "bay", "strait", "ocean", "north",
                                 "south", "east", "west", "central", "black", "red", "white",
                                 "upper", "lower", "greater", "new", "old", "saint", "mount",
                                 # common nouns the gazetteer also knows as a town ("The
                                 # Valley" of Anguilla, "Airport" in the US): "Neelum Valley"
                                 "valley", "airport", "forest", "university", "river",
                                 "plain", "plains", "market", "harbor", "harbour", "bridge",
                                 "center", "centre", "area", "hills", "mountains", "desert",
                                 "lake", "coast", "island", "islands", "camp", "base"})
