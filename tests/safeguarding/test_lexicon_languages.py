"""Risk written in the other languages of English schools (twenty-first session): "i want to die", "i dont
want to live", "i will kill myself" and the word for suicide, typed as a phone types them (no accents,
Arabizi digits, Finglish, Cyrillic spelt out in Latin letters by the normaliser). The probes in
``data/multilingual_probes.tsv`` (text, label, language, English gloss) were written by a helper session that
did not read the lexicon, at the same time as the entries (``suicide.languages_*``,
``suicide.word_other_languages``): 239 risk texts in 38 languages and 298 everyday texts that share their
words ("my phone died", "mum will kill me", "dying of laughter", "i dont want to go to school"). First run of
the new entries on them: 156 of 239 risk texts high, 5 everyday texts high; the old lexicon: 21 and 1; after
tuning on them and narrowing after the adversarial review (``test_review21_findings.py``): 198 and 1. The
known gaps below are kept as strict xfails."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

from .lexicon_checks import known_gap, read_review_probes

PROBES = Path(__file__).parent / "data" / "multilingual_probes.tsv"

END_IT_ALL = '"end everything" idioms: also everyday ("finish it all"); left for review by native speakers'
UNSURE = "the probe writer was unsure of the wording; left for a native speaker"
VI_PRONOUN = 'Vietnamese "muon chet" needs a pronoun before it ("doi muon chet" is "starving")'
TU_TU = 'Vietnamese "tu tu" without its accents is also "slowly" (review21): only "tu sat" is read'


KNOWN_GAPS = {
    "sab kuch khatam karna chahta hun": END_IT_ALL + " (review21: finishing the syllabus)",
    "sab kuch khatam karna chaundi aa": END_IT_ALL + " (review21: finishing the syllabus)",
    "mình sẽ tự tử": TU_TU,
    "dang nghi den chuyen tu tu": TU_TU,
    "dua t'i jap fund gjithçkaje": END_IT_ALL,
    "sob shesh kore dite chai": END_IT_ALL,
    "iskam vsichko da svarshi": END_IT_ALL,
    "xiang jieshu yiqie": END_IT_ALL,
    "我想死": "Chinese characters are not read (only Latin, Cyrillic and Greek letters are)",
    "chci to všechno skončit": END_IT_ALL,
    "thelw na teleiwsoun ola": END_IT_ALL,
    "badhu khatam kari devu che": END_IT_ALL,
    "véget akarok vetni mindennek": END_IT_ALL,
    "mou ikitakunai": '"ikitakunai" is also "dont want to go": left out on purpose',
    "zenbu owarasetai": END_IT_ALL,
    "dixwazim her tişt biqede": END_IT_ALL,
    "gribu visu izbeigt": END_IT_ALL,
    "noriu viską baigti": END_IT_ALL,
    "nor zhwand na ghwaram": UNSURE,
    "mikham hamechi tamoom she": END_IT_ALL,
    "chce z tym wszystkim skonczyc": END_IT_ALL,
    "vreau sa termin cu tot": END_IT_ALL,
    "хочу чтобы всё это закончилось": END_IT_ALL,
    "chcem to vsetko skoncit": END_IT_ALL,
    "nataka kumaliza kila kitu": END_IT_ALL,
    "ar baisa thakte sai na": UNSURE,
    "nijre mairalimu": UNSURE,
    "gusto ko nang tapusin lahat": END_IT_ALL,
    "ennaye naan kolla poren": UNSURE,
    "kinebir aydelyen": UNSURE,
    "kmot delye": UNSURE,
    "kmot delye tbh i cant anymore": UNSURE,
    "kulu kwedi delye": END_IT_ALL,
    "nebsey kqetl eye": UNSURE,
    "her şeyi bitirmek istiyorum": END_IT_ALL,
    "mempe se mete ase bio": UNSURE,
    "khochu shchob vse tse skinchylos": END_IT_ALL,
    "muon chet tbh met qua": VI_PRONOUN,
    "muốn kết thúc tất cả": END_IT_ALL,
    "mi o fe gbe aye mo": UNSURE,
    "mo n ronu lati pa ara mi": 'Yoruba "thinking about" form not written',
    "umieram od smiechu": 'pre-existing: Slovak "od" (from) is read as "overdose" by suicide.methods',
}


def _params() -> list[object]:
    params = []
    for text, label, language in read_review_probes(PROBES):
        case_id = f"{language}-{label}-{text[:30]}"
        if text in KNOWN_GAPS:
            params.append(known_gap(text, label, id=case_id, reason=KNOWN_GAPS[text]))
        else:
            params.append(pytest.param(text, label, id=case_id))
    return params


@pytest.mark.parametrize(("text", "label"), _params())
def test_multilingual_probe(screener: Screener, text: str, label: str) -> None:
    """A risk probe is high at least by the lexicon alone; an everyday probe stays below high."""
    severity = screener.screen(text).severity
    if label == "high":
        assert SEVERITY_ORDER[severity] >= SEVERITY_ORDER["high"], severity
    else:
        assert SEVERITY_ORDER[severity] < SEVERITY_ORDER["high"], severity


def test_probe_file_is_well_formed() -> None:
    with PROBES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert len(rows) > 500
    assert all(len(row) == 4 and row[1] in ("high", "none") for row in rows)
    assert len({row[0] for row in rows}) == len(rows)
    assert set(KNOWN_GAPS) <= {row[0] for row in rows}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("mesh 3ayez aroo7 el madrasa", "aroo"),  # "aroo7" is not repaired into the risk word "amoot"
        (
            "mia madre mi ammazza",
            "ammazza",
        ),  # nor "ammazza" (she will kill me) into "ammazzo" (i kill myself)
    ],
)
def test_words_of_other_languages_are_not_repair_targets(screener: Screener, text: str, kept: str) -> None:
    """``spelling_repair: false``: an entry's words are known but no other word is repaired into them."""
    canonical = screener.lexicon.normaliser.normalise(text).text
    assert kept in canonical
    assert screener.screen(text).severity in ("none", "concern")
