"""Probes from an adversarial review (helper ``review19``) of this session's benign rules for the kinds spent
rounds 36-38 raised on everyday texts (issue 12): 142 invented texts, each with the reviewer's label and
kind, in ``data/review19_probes.tsv``. The first version (e81bd5e) hid 42 disclosures at the lexicon alone,
40 of them to ``none``: "thought i was going to die in his flat they wouldnt let me leave", "the older lads
said theyll batter me at the match saturday", "i wont be here tomorrow funeral. mine. ive decided", "jumped
off the train at the station and walked to the bridge, im here now", "mums boyfriend locked me in the
bathroom by accident he says", "theres a man outside my house with a dog every night", "my friend wrote that
her character jumps off the bridge and then said its really her". The rules were narrowed (named activities,
video and board games only, appointments only, past tense, "out of" only, the child named in the phrase,
wide ``not_if`` lists), the photo-on-a-bridge rule was withdrawn, and ``benign.sport_injury`` got the
``not_if`` it never had ("i cut myself on a nail on purpose" had been set aside before this change). Every
test asserts the CORRECT outcome for the lexicon alone (the ``screener`` fixture). :data:`PRE_EXISTING` were
wrong before the change (39e494b) and after it; none is worse at the lexicon alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review19_probes.tsv"

#: Wrong before the change (39e494b) and after it.
PRE_EXISTING = frozenset(
    {
        "cut my arm on a nail in the shed, mum doesnt know and shes not going to",
        "hes outside our house with his dog shouting at the window",
        "i cut myself on a piece of paper lol papercut",
        "i jumped off the bus cos it was rammed",
        "i scratched my arm on the wire, makes me feel better",
        "i thought i was going to die from embarrassment when sir read it out",
        "i thought i was going to die in pe today the bleep test is evil",
        "i want to jump off the coach on the motorway",
        "i was on the bridge to watch the trains and i wanted to step off",
        "i was standing on the bridge taking photos of the sunset",
        "i was sure i was going to die at the swimming gala",
        "i wont be here next week holiday to pakistan and dad says im not coming back",
        "im on the river bridge to see the view one more time",
        "jumped off the bus outside tesco",
        "my brother locked me in the bathroom as a joke",
        "my dad is outside our house with his bike hes not allowed near us theres a court order",
        "my ex is outside our house with his dog again, he has an injunction",
        "my mate is outside my house with his new bike",
        "my sister accidentally locked us out of the car with the keys inside",
        "stood on the railway bridge to take pics of the steam train",
        "we stood on the bridge to watch the boats",
        "wont be here tomorrow, got my op",
        "wont be in school tomorrow court. if they make me go back to him i swear",
        "wont be in tomorrow, appointment. just know none of this was ever your fault",
    }
)


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, PRE_EXISTING))
def test_review19_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
