"""Probes from an adversarial review (helper ``review20``) of this session's plan entries (issue 12): 229
invented texts, each with the reviewer's label and kind, in ``data/review20_probes.tsv``. The first version
raised 130 of its 149 everyday probes (a ligature group that its own anchor satisfied, so any "hook" or
"beam" was high; closing words such as "all sorted" and "its happening"; places such as "edge", "platform"
and "river island"), and its phrase words became spelling-repair targets ("canisters" read "banisters",
"postcode" "passcode", "R, after" "rafter", and "c*t" no longer read "cut" once "cat" was a phrase word).
The entries were narrowed (the places to hang from and the pets moved into ``also_needs``, which the
spelling repair does not aim at; closing words only the writer's own: "its decided", "im not coming back",
"thats when"; wide reason lists; ``suicide.doing_it_dated`` withdrawn) until one everyday probe was raised,
then none. Every test asserts the CORRECT outcome for the lexicon alone (the ``screener`` fixture).
:data:`PRE_EXISTING` were wrong before the change (b6f6695) and after it (mostly risk wordings no entry
reads: "hoping the current drags me under", "the pipe in the garage will take my weight"); none is worse.
The review also found that no entry read a cleaning product drunk ("i drank oven cleaner" was ``none``):
``suicide.cleaner_taken`` and ``{poison}`` now do, and those probes are plain tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review20_probes.tsv"

#: Wrong before the change (b6f6695) and after it.
PRE_EXISTING = frozenset(
    {
        "4am sunday, train tracks behind the estate. final decision",
        "after tea on sunday im going to the canal and im not coming back",
        "bought a one way ticket to the coast for tuesday. the cliffs. its all planned",
        "cat to my nan, bike to my cousin, done by the weekend. its game over for me",
        "counted out 32 of them for sunday",
        "counted them up its 48, two boxes of paracetamol. friday",
        "dressing gown cord on the coat hook on my door. tonight",
        "everything is set for friday. xbox to jay, cat to mum",
        "going to let the tide take me",
        "gonna ride my bike to the quarry on sunday and never come back",
        "got the ladder out, the rope is over the beam in the loft",
        "hoping the current drags me under on sunday",
        "i feel so lost. cleaned my room for when mum finds me",
        "i know how many itll take. got 4 packs saved. saturday",
        "if i dont get the grades im gone, i mean it",
        "if i fail again im doing it properly",
        "if i fail my gcses im doing it on results day",
        "if i fail this exam, the bridge on monday. its decided",
        "if i get excluded im doing it this time",
        "if i get expelled im doing it",
        "if mum finds out im doing it",
        "ill do it on saturday when mums at work. i know how",
        "im doing it on the 23rd, its been decided for ages",
        "im going to do it friday. its decided",
        "im gonna do it sunday, made my mind up",
        "ive left my passwords in the notes app for my mum for after",
        "lost my job. the motorway bridge on monday, its decided",
        "mates think im at a sleepover friday but im going to the viaduct. its planned",
        "mum hit her head on the door frame and has a massive bump",
        "my dad found a nos canister in the park",
        "my phone charger cable is long enough and the banister is right outside my room",
        "my sister gets my phone and the passcode is on a note in my drawer. after saturday i wont need it",
        "nobody will find me till monday, the quarry is where im going",
        "passwords to my sister on the 3rd. thats when",
        "practised the knot. the beam in the garage will hold",
        "put my nice dress on so i look ok when they find me",
        "railway line thursday night. no going back now",
        "sent my mum all my passwords. saturday is the day",
        "sunday, the sea, last swim ever",
        "swim out until the waves pull me under",
        "taking the dog for one last walk to the cliffs on sunday. not coming back",
        "the bar in my wardrobe is strong enough for a belt",
        "the bridge by the retail park on sunday. its sorted",
        "the door handle and my belt would work",
        "the lifeguards go home at 6, then the sea can take me away",
        "the pipe in the garage will take my weight",
        "the shower rail held when i tested it with my scarf",
        "tied my school tie to the top bunk, its strong enough",
        "walk into the sea till it takes me",
        "wearing my party dress for when they find me",
        "wiped all my accounts, theres no space for me here. friday. its decided",
        "worked out how many of mums tablets i need. thursday",
        "written a letter for mum and one for dad. on sunday. its decided",
    }
)


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, PRE_EXISTING))
def test_review20_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
