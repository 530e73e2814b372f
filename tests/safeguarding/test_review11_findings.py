"""Defects a review found in the eleventh session's lexicon change (41b98c8..39f2814: the {poison} slot, more
medicines, suicide.poison_taken / hidden_plan, self_harm.swallowed_objects, more substances.unresponsive
phrases, cue.minutes / cue.held, new cue.presence and cue.danger_here phrases, violence weapon and arson
phrases, exploitation held / kept, ``trap=``, ~500 allow-list words), kept as tests. Each states the
severity a duty clinician would expect. Every text here is invented for these tests.

The comments give the severities seen at 41b98c8 (old) and at the change (new), with the full screener
(model on) unless the test says "lexicon alone".
"""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener, load_lexicon


@pytest.fixture(scope="module")
def lexicon_only() -> Screener:
    """The lexicon alone (``safeguarding.model.enabled: false``, or the model file failing to load)."""
    return Screener(load_lexicon(check_examples=False))


def _why(found: safeguarding.Assessment) -> list[str]:
    return [m.entry_id for m in found.matches if m.severity != "none"]


# 1. Missed risk: the new words are spelling-repair targets (every word of a category file's phrases and
#    not_if lists is one) and now win ties against the risk words a misspelling used to be repaired to:
#    "wirst" -> "first" (not "wrist"), "tarcks"/"trcks" -> "tacks", "slpped" -> "sipped", "sience" ->
#    "science", "drakn" -> "drain", "birns" -> "birds", "wshing" -> "washing"; a starred "dr*wn" or "w*sh"
#    now fits two risk words (drown/drawn, wish/wash), so the stars are just dropped.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i cut my wirst last night", "high"),  # old high, new none
        ("i want to slit my wirst", "high"),  # old high, new none
        ("im going to lie on the train tarcks", "immediate"),  # old immediate, new none
        ("i wanna lie on the trcks", "immediate"),  # old immediate, new none
        ("my dad slpped me across the face", "high"),  # old high, new none
        ("she hasnt come home sience friday", "high"),  # old high, new none
        ("i drakn bleach", "immediate"),  # old immediate, new concern
        ("i want to dr*wn myself", "immediate"),  # old immediate, new high
        ("i w*sh i was dead", "high"),  # old high, new none
        ("i keep wshing i was dead", "high"),  # old high, new none
        ("she birns me with a lighter", "high"),  # old high, new none
    ],
)
def test_misspelt_risk_word_not_repaired_to_a_new_word(text: str, expected: str) -> None:
    found = safeguarding.screen(text)
    assert found.severity == expected, (text, found.severity, _why(found))


# 2. Missed risk: "traphouse" (one word) is now on the allow-list and in cue.held, so it is no longer split
#    into "trap house"; exploitation.criminal lists "trap house" but not "traphouse".
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("they keep me at the traphouse", "high"),  # old high, new concern
        ("my son is in a traphouse", "high"),  # old high, new none
        ("the olders got me working out of a traphouse", "high"),  # old high, new concern
        ("im trapped in a traphouse", "immediate"),  # old immediate, new none
    ],
)
def test_traphouse_one_word_still_exploitation(text: str, expected: str) -> None:
    # At least the expected level: screen-v17 grades the first three immediate (its P(immediate) bar is 0.30;
    # being kept at or working out of a traphouse is defensible as immediate).
    found = safeguarding.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER[expected], (text, found.severity, _why(found))
    assert "exploitation" in found.categories, (text, found.severity, _why(found))


# 3. Missed risk, lexicon alone (the learned screen still catches these, but the lexicon is the floor when the
#    model is off or fails to load). substances.unresponsive's new not_if words ("for anything", "typical",
#    "teenager", "lie in", "lay in", "to my calls") void the whole entry, old phrases included; and "trap=" no
#    longer matches "trapped".
@pytest.mark.parametrize(
    "text",
    [
        "my brother took something at the party and he wont wake up for anything",  # old immediate, new none
        "my teenager drank half a bottle of vodka and now she wont wake up",  # old immediate, new none
        "my teenager took some pills and is unconscious",  # old immediate, new none
        "she drank loads and is unconscious, she wont respond to my calls",  # old immediate, new none
        "he took ket and hes going blue, typical him",  # old immediate, new concern
        "my son is 15 and unconscious, he had a lay in and now we cant wake him",  # old immediate, new none
        "they have me trapped in a flat in another city",  # old immediate, new none
    ],
)
def test_lexicon_alone_still_catches_unresponsive_and_trapped(lexicon_only: Screener, text: str) -> None:
    found = lexicon_only.screen(text)
    assert found.severity == "immediate", (text, found.severity, _why(found))


# 4. New false alarms at immediate: everyday texts (all none or concern at 41b98c8).
@pytest.mark.parametrize(
    "text",
    [
        # substances.unresponsive: "cant wake him", "cant get my son up / to respond", "hes not moving",
        # "is not waking up", "and wont wake up", "lips are blue" with no drink, drug or collapse in sight
        "my dad sleeps like a log, i cant wake him",  # screen-v13 to v15 said high; screen-v16 does not
        "we couldnt wake him up this morning, he was on fortnite all night",
        "i cant get my son up, hes a nightmare",
        "i cant get my son to respond, he just grunts at me",
        "my dad says hes not moving house after all",
        "she is not moving schools, she is staying with us",
        "hes not responding to the teachers emails about his coursework",
        "my lips are blue from the blue raspberry slushie",
        "my tortoise is not waking up from hibernation yet",
        "my nintendo switch froze and wont wake up",  # screen-v12 to v15 said high; screen-v16 does not
        # suicide.methods: "going off the motorway / cliff", "be in front of the bus", "walk on the railway",
        # "going under the train", raised by cue.means
        "dad says were going off the motorway to get food",
        "we are going off the cliff path down to the beach",
        "ill be in front of the bus station at 3",
        "i walk on the railway path to school",
        "were going under the train bridge to get to the park",
        # suicide.poison_taken: a poison word then "had some" / "drank some" / "ate" up to four words later,
        # and animals other than the few in its not_if eating a poison
        "mum was cleaning with bleach and i had some toast",
        "grandad sprayed the weedkiller then we drank some squash",
        # screen-v12 to v16 said immediate with the model file's own thresholds; with config.yml's (first-look
        # high 0.90, as deployed) screen-v16 says concern (P(flagged) 0.87 and 0.88)
        # screen-v20 graded it immediate at the deployed first-look bar (P(flagged) 0.90); screen-v22 does not
        "i think a hedgehog ate some of the slug pellets, dad is fuming",
        "the chickens ate the slug pellets",
        "the fox ate the rat poison",
        "i ate poison ivy lol",
        # violence: "knock ... with a hammer" (and cue.weapon_present)
        "im going to knock the nail in with a hammer",
        # exploitation "kept in the garage" with cue.held and cue.presence
        "my bike is being kept in the garage",
        # suicide.poison_taken: "poison" has word endings, so "food poisoning ... had a few / had some"
        "i had food poisoning last week so had a few days off school",
        "food poisoning again, had some toast and water",
        "i used disinfectant wipes and had some lunch",
        # violence "smash ... with a bat" (and cue.weapon_present): a birthday pinata
        "im gonna smash the pinata with a bat at my party",
    ],
)
def test_everyday_text_is_not_immediate(text: str) -> None:
    found = safeguarding.screen(text)
    assert SEVERITY_ORDER[found.severity] <= SEVERITY_ORDER["concern"], (text, found.severity, _why(found))


# 5. New false alarms at high (none or concern at 41b98c8): violence "(will|going to) set the ... down",
#    "hammer ... will use it on my", exploitation "was held at a hotel", "in the boot of the car ... he took".
@pytest.mark.parametrize(
    "text",
    [
        "im going to set the table and sit down for tea",
        "i will set the bags down by the door",
        "dad got a new hammer and said he will use it on my bedroom shelves",
        "the prom was held at a hotel in town",
        "i put my bag in the boot of the car and he took me to school",
        "dad is going to burn the old shed down on bonfire night",
        # suicide.hidden_plan "just made a will": a parent, not a young person's will
        "we just made a will so the kids would go to my sister",
    ],
)
def test_everyday_text_is_not_high(text: str) -> None:
    found = safeguarding.screen(text)
    assert SEVERITY_ORDER[found.severity] <= SEVERITY_ORDER["concern"], (text, found.severity, _why(found))


# 6. Cue interactions: a real but not immediate disclosure raised to immediate by a new cue.
@pytest.mark.parametrize(
    "text",
    [
        # cue.minutes: minutes until a lesson are not a method with a time (old high, new immediate)
        "i self harm sometimes and want to talk, i have 10 mins before maths",
        # cue.held: "told me to shut up" said by a teacher (old high, new immediate)
        "a gang at school keep trying to recruit me and my teacher told me to shut up when i tried to say",
    ],
)
def test_new_cue_does_not_raise_to_immediate(text: str) -> None:
    found = safeguarding.screen(text)
    assert found.severity == "high", (text, found.severity, _why(found))


# 6b. The same on everyday texts that an older phrase already (wrongly) made high: the new cue phrases make
#     them immediate (old high, new immediate). Ideally none; at the least not a crisis.
@pytest.mark.parametrize(
    "text",
    [
        # cue.presence "locked us out" raises an old abuse.physical hit
        "mum locked us out by accident and we are waiting for her",
        # cue.held "i just want to go home" raises an old exploitation.criminal hit on "plug"
        "the plug on my straighteners broke, i just want to go home",
    ],
)
def test_new_cue_does_not_make_an_everyday_text_a_crisis(text: str) -> None:
    found = safeguarding.screen(text)
    assert found.severity != "immediate", (text, found.severity, _why(found))


# 7. Gaps in the new entries themselves (none at 41b98c8 too, so not regressions; lexicon alone).
#    self_harm.swallowed_objects writes "glass !of" inside a group: the loader takes "!of" as a literal word
#    (it is in the vocabulary), so bare "glass" never matches; singular "battery" is missing from phrase 1.
#    suicide.poison_taken's not_if "dog ... had" voids a grieving owner's poisoning.
@pytest.mark.parametrize(
    "text",
    [
        "i swallowed glass on purpose",
        "i swallowed a battery on purpose",
        "my dog had to go, drank all the bleach",
        # "had some of the rat poison": phrase 2 allows "some" or "the", not "some of the"
        "i had some of the rat poison",
    ],
)
def test_new_entries_catch_their_own_kind(lexicon_only: Screener, text: str) -> None:
    found = lexicon_only.screen(text)
    assert found.severity == "immediate", (text, found.severity, _why(found))
