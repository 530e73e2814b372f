"""Probes from an adversarial review (helper ``review17``) of this session's lexicon change for round
32's kinds (issue 12): 192 invented texts, each with the reviewer's label and kind, in
``data/review17_probes.tsv``.

The first version of the change (ff700f8) hid 18 self-harm disclosures behind a lookahead on "cutting", 10
abuse disclosures behind "locked me out", 11 suicide texts behind the sport drill, 2 behind "die if", and
raised 14 everyday texts with the condition-first threat. The rules were narrowed until no probe is worse
than before the change (lexicon alone, the ``screener`` fixture). Every test asserts the CORRECT outcome: a
``none`` probe is ``none``, a ``concern`` probe at least ``concern``, a ``high`` or ``immediate`` probe at
least ``high``. The probes in :data:`PRE_EXISTING` were wrong before the change too (6e8399f) and are
strict xfails: fixing one turns its xfail into a failure, so that the list is kept honest (three
fear-of-being-found probes were fixed after the review by a violence.threatened phrase, "i will die if he
finds me").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review17_probes.tsv"

#: Wrong before the change (6e8399f) and after it: "die if he finds me" style fear, "if i tell some1",
#: "she'll" read as "shell", parent-reported threats said another way, eating said without a child subject,
#: a sibling who locks the writer out with harm the not_if does not name, everyday "cutting out pictures".
PRE_EXISTING = frozenset(
    {
        "ive started cutting down on my legs instead of my arms so no one sees",
        "been cutting back on my thighs cos school checks my arms",
        "ive been cutting out pictures for my art project",
        "i keep cutting off people mid sentence lol",
        "the bus driver kept cutting in front of cyclists",
        "we started cutting out shapes in DT",
        "ive started cutting out food completely, only water now",
        "my daughter has cut out meals for weeks and fainted at school",
        "im still cutting out breakfast for lent",
        "dad has started cutting out bread because of his diabetes",
        "shes been cutting out meal deals to save money",
        "my stepbrother locks me out of my room and i sleep on the floor",
        "bro locked me out the bathroom n i had to piss in a bottle for 2 days",
        "5 suicides at the end of footy, im dead",
        "preseason suicides are the worst",
        "i might die if my dad finds out im gay",
        "my parents will kill me, i will die if they find out about my boyfriend",
        "i could die if no one notices how little i eat",
        "ill die if they know im here",
        "i will actually die if my mum finds out, im not joking shell kill me",
        "i would die if my dad saw the bruises, hed do it again",
        "gonna die if mum sees my report",
        "if i tell some1 he will kill me",
        "if i tel any1 he wil kill me",
        "if i tell social services they will kill me",
        "if i tell anyone shell kill me",
        "if i tell anyone she'll hurt my little sister",
        "if i tell anyone he will kill me lol but hes serious",
        "if i tell anyone he will kill me haha im scared",
        "if i said anything she would kill me, she made me promise not to spoil the proposal",
        "if i say anything she will batter me at chess again",
        "my mum will kill me if i tell anyone about her surprise",
        "she ses if a tell any1 shes gonna kill me",
        "im gonna die if she asks me to read out loud",
        "i would die if anyone saw my arms",
        "i will die if anyone sees the cuts",
    }
)


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, PRE_EXISTING))
def test_review17_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
