"""Everyday lexicon false alarms of blind rounds 5-17 (issue #12), fixed with benign rules.

Each group is one reason a text is innocent: learning what to do about a risk (first aid, a
course, an exam or a visiting speaker), a named everyday accident before the bleeding, a small
child or a clinician with a pencil, toy or needle, a character in a game, film, soap or book,
travel sickness, "it didn't kill me", and "get me" with a thing. Many texts below were written
for these tests, not taken from the rounds, so the rules are checked on new wordings. Every risk
look-alike keeps exactly the severity the lexicon gave it before these rules.
"""

from __future__ import annotations

import pytest

from safeguarding.screening import Screener


@pytest.mark.parametrize(
    "text",
    [
        "we did first aid at cadets today, learnt what to do for an overdose and choking",
        "first aid course at scouts, i learned what to do if someone has an overdose, its good to know",
        "we did first aid training, learned CPR on a dummy and what to do if someone overdoses",
        "my mum's doing her nursing exam on overdoses and poisons so our kitchen table is covered in notes",
        "got my St John Ambulance badge, we practised first aid for an overdose on a dummy",
        "revision notes on the effects of overdoses for health and social care",
        "we did a pshe lesson on knife crime",
        "i am writing an essay on domestic violence laws",
        "the police came into school to talk about knife crime, it was really interesting",
        "a paramedic came in to talk to us about county lines",
        "i sliced my thumb peeling a potato, blood everywhere, plaster on, all good",
        "cut my finger chopping onions, blood all over the board lol",
        "banged my head on the cupboard, bleeding loads but its just a scratch",
        "I got hit by a ball in PE, just a bruise, I'm fine",
        "i got hit by a cricket ball at practice, i have a lump on my head but nurse said fine",
        "da ball hit me in da face and my nose bled",
        "my sister stabbed me with her pencil in the car. she's 6",
        "my little brother poked me with his lightsaber and now hes crying",
        "the nurse stabbed me with the needle for my jab, didnt even hurt",
        "the physio stabbed me with needles (acupuncture) and it actually worked",
        "my character got stabbed in the back by a teammate in Among Us",
        "my sim got killed by a fire, so annoying",
        "the tv show had a scene where someone got stabbed",
        "watched a horror film last night where the guy gets stabbed in the bath, so jumpy lol",
        "in eastenders someone got shot",
        "the film was so scary, the ghost kills everyone at the end",
        "Bhai that new Bollywood film was fire, the villain stabs everyone in the end",
        "i threw up after the boat trip",
        "was sick after the waltzers at the fair",
        "ready to d!e of boredom in double geography",
        "He said 'it didn't kill me' which is high praise from a 14 year old",
        "what doesnt kill you makes you stronger",
        "it's nesh out today, had to get me big coat",
        "gonna get me a burger after school",
    ],
)
def test_everyday_texts_are_not_screened_as_risk(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found.to_audit()


def test_a_tv_overdose_is_at_most_a_concern_for_the_sad_feeling(screener: Screener) -> None:
    found = screener.screen("that episode of casualty with the overdose was so sad")
    assert found.severity == "concern", found.to_audit()
    assert found.categories == ["low_mood"], found.to_audit()


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("i took an overdose", "immediate"),
        ("i learnt how to overdose and im going to", "high"),
        (
            "i learnt what to do if someone has an overdose and now im going to take an overdose tonight",
            "immediate",
        ),
        ("what do i do i took an overdose", "immediate"),
        ("i dont know what to do if i overdose again", "high"),
        ("i want to overdose", "high"),
        ("i did a first aid course but i took an overdose last night", "immediate"),
        ("i cut myself, blood everywhere", "immediate"),
        ("i cut my arm on purpose, blood everywhere", "immediate"),
        ("i sliced my wrist, blood everywhere", "immediate"),
        ("cut my thigh with a blade and theres blood everywhere", "immediate"),
        ("theres blood everywhere i cut too deep", "immediate"),
        ("i cut my finger peeling a potato then cut my arms on purpose", "high"),
        ("my dad stabbed me", "high"),
        ("my dad stabbed me with a pencil", "high"),
        ("my brother stabbed me with a knife", "immediate"),
        ("someone stabbed me with a needle at the club", "high"),
        ("a lad at school stabbed me with a compass", "high"),
        ("i got stabbed", "high"),
        ("my brother got stabbed last night", "high"),
        ("the guy next door got stabbed", "high"),
        ("a guy got stabbed outside school", "immediate"),
        ("i got hit by my dad", "high"),
        ("i got hit by a belt", "high"),
        ("my mum hits me with a wooden spoon", "high"),
        ("i threw up after dinner", "high"),
        ("i make myself sick after the school trip so i dont gain", "high"),
        ("im ready to die", "high"),
        ("ready to die tonight", "immediate"),
        ("theyre going to get me after school", "immediate"),
        ("they are coming to get me tonight", "immediate"),
        ("he said he will kill me", "high"),
        ("my character wants to die and so do i", "high"),
        ("we had a lesson on knife crime and now i carry a knife", "immediate"),
    ],
)
def test_risk_look_alikes_keep_their_severity(screener: Screener, text: str, severity: str) -> None:
    found = screener.screen(text)
    assert found.severity == severity, found.to_audit()


@pytest.mark.parametrize(
    "text",
    [
        "i got knifed in the game",
        "i shanked him with the knife in cod",
        "i jumped off the cliff in the game and died",
        "i wont be here on friday, i have a dentist appointment",
        "my son wont be in on friday, he has an orthodontist appointment",
        "sorry cant be at group next week cos i have a school trip",
        "i was so embarrassed i wanted to disappear",
        "i tied a rope to the tree for the tyre swing",
        "the game has a knife in it",
        "my dad hit da roof when he saw da phone bill",
        "we got shot down on the idea of a school disco",
        "grandad's got shot of his old car finally",
        "nearly got run over by a bike on the way, my life flashed before my eyes lol",
        "the Purge is on netflix, anyone seen it",
        "my husband's cooking could kill a man (it's terrible)",
        "bro got mogged by a Year 7 in dodgeball",
        "we had a talk from the police about county lines in PSHE, it was good",
        "the knife crime assembly was actually interesting",
    ],
)
def test_more_everyday_idioms_are_not_screened_as_risk(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found.to_audit()


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("i got mugged", "high"),
        ("i ate loads of my nans warfarin and my nose wont stop bleeding", "immediate"),
        ("ghar mein mujhe khana nahi dete", "high"),
        ("i got beaten by my dad at football practice", "high"),
        ("i got beaten by a year 7 at chess", "high"),
        ("my dad hit me", "high"),
        ("i wont be here on friday", "immediate"),
        ("i wont be here on friday, i have a plan", "immediate"),
        ("i wont be here by christmas", "immediate"),
        ("i want to disappear", "high"),
        ("i was so embarrassed i want to disappear forever and never wake up", "high"),
        ("i tied a rope to the tree", "immediate"),
        ("i tied a rope to the banister for tonight", "immediate"),
        ("he has a knife", "immediate"),
        ("my brother has a knife in his bag", "immediate"),
        ("i got shot", "high"),
        ("i did the purge again after dinner", "high"),
        ("i jumped off the cliff", "immediate"),
        ("i want to jump off a bridge", "high"),
        ("my khatna is next week", "immediate"),
        ("im doing county lines", "high"),
        ("the police talked to me about county lines because im running for them", "high"),
        ("the knife crime assembly made me realise i need to stop carrying a knife", "high"),
    ],
)
def test_more_risk_look_alikes_keep_their_severity(screener: Screener, text: str, severity: str) -> None:
    found = screener.screen(text)
    assert found.severity == severity, found.to_audit()
