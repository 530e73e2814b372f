"""Probes from an adversarial review (helper ``review21``) of this session's entries for suicide in other
languages (issue 12): 276 invented texts (116 risk, 160 everyday) with the reviewer's label and kind, in
``data/review21_probes.tsv``, written against the first version, aimed at its weak points. The first version
missed 109 of the 116 risk probes (only first-person verbs; stop words such as "de" that also cut "de verdad";
phrase words that never met the message's form, such as "ezê" and the leetspeak of "8elw") and raised
130 of the 160 everyday ones ("die of shame", "mum will kill me", "wo yao si ge baozi" (four buns),
Vietnamese "tu tu" (slowly), "finish everything" homework, titles and news with the word for suicide).
After narrowing and extending: 110 of 116 risk probes high, 47 everyday probes high; the old lexicon
(before this session): 5 and 22. Every test asserts the CORRECT outcome for the lexicon alone (the
``screener`` fixture).
:data:`PRE_EXISTING` were wrong before the change and after it; :data:`AS_IN_ENGLISH` are wrong since the
change in the same way the English phrases are wrong by policy (a suicide phrase is never lowered by a negator
or by hyperbole, and "i dont want to live in london" is high too): kept visible as strict xfails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.screening import Screener

from .lexicon_checks import check_review_probe, review_cases

PROBES = Path(__file__).parent / "data" / "review21_probes.tsv"

NEGATED = (
    "as in English: a suicide phrase is never set aside by a negator ('i dont want to die in minecraft')"
)
HYPERBOLE = (
    "as in English: 'i want to die' from embarrassment stays high ('i want to die i called my teacher mum')"
)
RESIDE = "as in English: 'dont want to live' with a place in a case ending or before the verb stays high"

#: Wrong before the change and after it.
PRE_EXISTING = frozenset(
    {
        "Arsenal przegral przez dwa samobojcze gole",
        "Jina nahi hai aaj school mein",
        "assisti Esquadrao Suicida ontem, muito bom",
        "attentato suicida a Kabul, l'ho visto al tg",
        "az zendegi khaste shodam, mikham tamumesh konam",
        "boli mnie glowa od rana",
        "chcem umriet od hanby",
        "dadi kehti hain woh apne gaon mein marna chahti hain",
        "hubo un atentado suicida en Kabul, lo vi en las noticias",
        "itni sharam aayi, main sharam se mar jana chahti thi",
        "mam to od mamy k narozeninam",
        "meu filho disse que vai se matar",
        "mou ikitakunai",
        "nie chce juz tu byc, ta impreza jest nudna",
        "nie chce tu byc, chce do domu",
        "nie chce umrzec w minecrafcie bo strace wszystko",
        "toi muon ket thuc tat ca",
        "vamos a ver Escuadron Suicida el sabado?",
        "wracam od babci autobusem",
        "zabije sie w tych szpilkach",
        "zindagi se thak gaya hoon, mar jaana behtar hai",
        "хочу вмерти",
    }
)

#: Wrong since the change, as the English phrases are by policy.
AS_IN_ENGLISH = {
    "nenoriu gyventi Lietuvoje, noriu likti Anglijoje": RESIDE,
    "negribu dzivot Riga, gribu palikt Anglija": RESIDE,
    "nem akarok elni falun, unalmas": RESIDE,
    "Londrada yasamak istemiyorum, cok pahali": RESIDE,
    "sitaki kuishi London, ni ghali sana": RESIDE,
    "intha ooru la vaazha pidikkala, bore adikkudhu": RESIDE,
    "tengo ataques de panico y pienso que me va a dar algo, no quiero morir": NEGATED,
    "no quiero morir sin ir a Japon jajaja": NEGATED,
    "nao quero morrer no minecraft, vou perder tudo": NEGATED,
    "nao quero morrer antes de ver o show da Taylor": NEGATED,
    "mi-e frica de avion, nu vreau sa mor": NEGATED,
    "non voglio morire prima del boss, ho tutto l'inventario": NEGATED,
    "боюсь летать, не хочу умереть": NEGATED,
    "strah me e ot samoleta, ne iskam da umra": NEGATED,
    "kam frike nga avioni, nuk dua te vdes": NEGATED,
    "nuk dua te vdes ne loje, kam shume pike": NEGATED,
    "fovamai to aeroplano, den thelo na pethano": NEGATED,
    "den thelo na pethano sto paixnidi": NEGATED,
    "ana khayfa mn el 3amaleyya, mesh 3ayza amoot": NEGATED,
    "ami morte chai na, ami onek kichu korte chai": NEGATED,
    "ya lahwy ana 3ayza amoot, el mudarris shaf el message": HYPERBOLE,
    "bidi moot, 7ada shaf el sura ya allah": HYPERBOLE,
    "me quiero morir que verguenza jajaja": HYPERBOLE,
    "quiero morirme, se me ha caido el movil en el vater jajaja": HYPERBOLE,
    "quero morrer kkkkk a professora viu meu status": HYPERBOLE,
    "voglio morire, ho chiamato la prof mamma davanti a tutti": HYPERBOLE,
    "jveux mourir jai appele la prof maman devant toute la classe": HYPERBOLE,
    "ich will sterben, ich hab die lehrerin mama genannt": HYPERBOLE,
    "vreau sa mor, i-am zis mama profesoarei": HYPERBOLE,
    "tao that su muon chet, crush doc duoc tin nhan roi": HYPERBOLE,
    "jukgo sipeo, crush-hante message jalmot bonaesseo": HYPERBOLE,
}


@pytest.mark.parametrize(("text", "label"), review_cases(PROBES, PRE_EXISTING, known=AS_IN_ENGLISH))
def test_review21_probe(screener: Screener, text: str, label: str) -> None:
    check_review_probe(screener.screen(text), text, label)
