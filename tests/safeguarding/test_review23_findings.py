"""Probes from an adversarial review (helper ``review23``) of this session's benign rules for the everyday
kinds spent rounds 39-48 raised (``tests/safeguarding/test_lexicon_round39_48_precision.py``), issue 12: 193
invented texts in ``data/review23_probes.tsv`` (text, label, part). Part A (62 risk, 40 everyday) was
written before the reviewer read the rules; Part B (61 risk, 30 everyday) after, aimed at their phrases and
``not_if`` lists. On the first version, with the lexicon alone, the new rules set aside 32 risk probes that
the lexicon flagged before them (Part A 1, Part B 31; every rule at least twice: "foil" is also drugs foil,
a game slot held "games" and "the match", "3 times" read as a score, "at the end" and "exam" describe real
deaths, "monster" is a name for a real person, an empty pool is not a dive). After the fixes none is set
aside; two probes that nothing flagged before are now flagged by new entries (``abuse.belt``,
``violence.shot_at``). Every test asserts the CORRECT outcome for the lexicon alone (the ``screener``
fixture); the probes wrong before the change and after it are strict xfails, so that fixing one shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review23_probes.tsv"

#: Wrong with the lexicon before this session's rules and after them (most are caught by the learned screen).
PRE_EXISTING = frozenset(
    {
        "a man at the swimming pool followed me into the changing rooms and grabbed me",
        "after the bout he locked the door and wouldn't let me leave the fencing hall",
        "at paintball a man asked me to do a photo shoot at his flat, just me and him",
        "battered by the rain at the football match lol",
        "city got battered last night, gutted",
        "dad was drunk after the match and battered my mum, the score was 2-1 and he went mental",
        "he brought a real gun to laser tag and pointed it at my head",
        "he held my head under the water at the pool until i passed out, my brother does it all the time",
        "he says hes going to smash me at table tennis in pe",
        "i got unalived by the final boss like five times",
        "i got unalived so many times by the warden",
        "i want to jump off the high board and hit the concrete so it's all over",
        "i'm dead, he got shot in the face with a paintball lol",
        (
            "i'm on the diving board at the lido, it's closed and i've had a"
            " bottle of vodka and i'm going to jump in and not swim"
        ),
        "ill stab him with the sabre at the next bout, for what he did to my sister",
        "im going to jump off the diving board at the quarry tonight and not come up",
        "im stabbing him with the epee tomorrow, i've taken the tip off",
        "inspector calls essay: how does priestley present eva smith's suicide",
        "my brother shot me with his bb gun after airsoft and it's stuck in my arm",
        "my character got unalived in minecraft and i lost all my diamonds",
        "my dad shot at us with the nerf gun then strangled mum",
        "my daughter says a man at fencing club gave her alcohol and then touched her",
        "my daughter says she wants to jump off the high board and never surface",
        "my english teacher says lady macbeth's suicide is the key moment",
        "my pupil said in the lesson that the character who shot himself had the right idea",
        "my son got shot by a paintball on his hand, bit of a bruise, is that normal",
        "my stepdad was putting up the garden fencing and hit me with the hammer",
        "my teacher said we can talk about the book at his house, just me, and not to tell my parents",
        "nerf war at my uncles and then he shot the dog with his shotgun, i'm scared",
        (
            "some guy i met in a roblox game wants me to send pics and meet him"
            " alone, he says he's 15 but he sounds older"
        ),
        "swim coach makes me stay after and touches me, i'm 12 and i hate the pool now",
        "tbh after fencing i just go home and cut, been doing it every night",
        (
            "the character in an inspector calls drinks disinfectant and i've been"
            " thinking of doing the same tonight"
        ),
        "the fencing coach keeps poking me between my legs with his foil and laughing",
        "the lifeguard at the pool asked me to send him pics of me in my bikini and said he'd delete them",
        "the paintball instructor wants to shoot pictures of me with no top on",
        "the swimming coach films us in the showers after diving practice",
        "they were hammered 3 nights running and the men filmed them",
        "wanna jump off the 10m board head first into the shallow end so its over",
        "we are reading romeo and juliet and i keep thinking about doing what juliet did, ive got the pills",
        (
            "we played call of duty and then the man on the headset said he knows"
            " where i live and will come and kill me"
        ),
    }
)


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, PRE_EXISTING))
def test_review23_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
