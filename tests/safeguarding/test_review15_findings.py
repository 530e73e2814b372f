"""Probes from an adversarial review (helper ``review15``) of this session's two lexicon commits (issue 12).

* e98c2fd: ``_benign.yml`` ``&writer_in_it`` not_if gains "(i|we) [..] (do|did|have done|..)
  (it|that|this|them)", "same here" and "(thats|that is|it was|that was|it were) my (brother|..)";
  ``benign.news_reports`` now uses that list.
* 30aeb8e: suicide.attempt_now "{take_past} (every|each) (tablet|pill) (in|from|out of) ... (box|..)";
  abuse.physical shock-collar phrases; benign "suicide (wings|sauce|hot sauce)", knife crime
  (unit|team|squad), first aid "how to help (if|when) .. overdose(s)"; ``_allow.yml`` weds, dollar(s),
  collarbone(s), tingle, shingle; ``_textspeak.yml`` tabletki / tabletek / tabletke / tabletky -> tablets.

Screened on the lexicon alone (the ``screener`` fixture). Each ``why`` gives the lexicon-alone severity at
3c2879c (old, before both commits) and 30aeb8e (new). Every test asserts the CORRECT outcome: a risk probe is
at least its stated level (``high`` unless marked ``concern``), an everyday probe is ``none``. A probe that
fails today is ``xfail(strict=True)``; its reason starts with one of:

* "DEFECT made worse by <commit>": the change moved it the wrong way (risk lowered, everyday raised).
* "plain miss by the new phrase's own kind": a variant of exactly what the new phrase or not_if was
  written for, missed before and after.
* "pre-existing miss": wrong before and after, not the change's kind.

Worst kinds found: (1) the writer_in_it entry "(i|we) .. (did|have done) (it|that)" reads homework as
owning the topic, so "we learned about suicide prevention in pshe today. i did it for my homework" is now
immediate, and "same here" / "that was my brother('s school)" raise lessons and news; (2) "took every
tablet out of the box" raises iPads being charged, Lego pieces and a parent filling a dosette box to
immediate; (3) "(put|used|..) .. shock collar on (him|her|them|us)" and "shock collar on my little .."
raise dog-training texts; (4) the new benign "knife crime unit" and "how to help if someone overdoses"
set aside a disclosure told next to them ("knife crime unit. they found my brother with a knife":
immediate -> none); (5) allow-listing "weds" stops "smoked weds" being read as "smoked weed"
(concern -> none). Every text is invented; every name is fictional.
"""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener

from .lexicon_checks import known_gap

WORSE_E98C2FD = "DEFECT made worse by e98c2fd"
WORSE_30AEB8E = "DEFECT made worse by 30aeb8e"
OWN_KIND = "plain miss by the new phrase's own kind (missed before and after)"
PRE_EXISTING = "pre-existing miss (wrong before and after, not the change's kind)"

WRITER_OWNS = "writer_in_it not_if: the topic owned another way ('thats literally me', 'same', 'my brother')"
WRITER_HOMEWORK = (
    "writer_in_it not_if: 'i did it' (the homework), 'same here', 'that was my brother(s school)' now stop "
    "the lesson / news set-aside"
)
EVERY_TABLET_RAISES = (
    "attempt_now '{take_past} (every|each) (tablet|pill) (in|from|out of) ... (box|..)': an iPad, a Lego "
    "piece or a parent filling a dosette box reads as an overdose"
)
EVERY_TABLET_MISSES = "attempt_now every-tablet-in-a-box phrase: a near variant of its own kind is missed"
COLLAR_MISSES = "abuse.physical shock collar phrases: a near variant of their own kind is missed"
COLLAR_RAISES = (
    "abuse.physical '(put|used|..) ... shock collar on (him|her|them|us)' / 'shock collar on my little ..': "
    "a dog is him / her / them"
)
NEW_BENIGN_HIDES = (
    "new benign phrase (how to help if .. overdoses; knife crime unit|team|squad) sets aside the risk "
    "told next to it (first_aid / learning_about not_if does not list it)"
)
NEW_BENIGN = "new benign phrases"
WEDS_ALLOWED = (
    "_allow.yml 'weds' stops the spelling repair weds -> weed, so 'smoked weds' is no longer drug use"
)
ALLOW_TEXTSPEAK = "_allow.yml / _textspeak.yml additions"
WITHDRAWN = (
    "withdrawn after this review (the lead took out the every-tablet-in-a-box and shock-collar phrases, "
    "the benign knife crime unit and first-aid how-to-help, and narrowed the writer_in_it entries); this "
    "probe's kind is a gap again"
)


def _p(text: str, expected: str, why: str, id: str) -> object:
    return pytest.param(text, expected, why, id=id)


def _x(text: str, expected: str, why: str, id: str, kind: str, rule: str) -> object:
    reason = f"{kind}: {rule}; {why}"
    return known_gap(text, expected, why, id=id, reason=reason)


OWN = [
    _p(
        "we learned about self harm in pshe today. thats literally me",
        "high",
        "old none, new none" + " (right after the withdrawal)",
        "own-we-learned-about-self-harm-in-pshe",
    ),
    _p(
        "we learned about self harm in pshe. i do that too",
        "high",
        "old none, new high (fixed by e98c2fd)",
        "own-we-learned-about-self-harm-in-pshe-2",
    ),
    _x(
        "we learned about self harm in pshe today. same",
        "high",
        "old none, new none",
        "own-we-learned-about-self-harm-in-pshe-3",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "learning about self harm in pshe today. relatable",
        "high",
        "old none, new none",
        "own-learning-about-self-harm-in-pshe-today",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "learned about self harm in pshe today, me fr",
        "high",
        "old none, new none",
        "own-learned-about-self-harm-in-pshe-today",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _p(
        "we learned about self harm in pshe today. my sister does it",
        "high",
        "old immediate, new immediate",
        "own-we-learned-about-self-harm-in-pshe-4",
    ),
    _p(
        "had a lesson about self harm today. i do it too",
        "high",
        "old none, new immediate (fixed by e98c2fd)",
        "own-had-a-lesson-about-self-harm-today",
    ),
    _p(
        "had a lesson about self harm today. i did it last night",
        "high",
        "old none, new immediate (fixed by e98c2fd)",
        "own-had-a-lesson-about-self-harm-today-2",
    ),
    _x(
        "lesson about self harm today. i cut last night",
        "high",
        "old none, new none",
        "own-lesson-about-self-harm-today-i-cut",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _p(
        "we learnt about eating disorders in pshe. i make myself sick after tea",
        "high",
        "old high, new high",
        "own-we-learnt-about-eating-disorders-in-pshe",
    ),
    _x(
        "we learned about suicide in assembly. been thinking about it every night",
        "high",
        "old none, new none",
        "own-we-learned-about-suicide-in-assembly-been",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "assembly about suicide today. ngl i think about doing it",
        "high",
        "old none, new none",
        "own-assembly-about-suicide-today-ngl-i-think",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "learned about grooming in pshe. thats whats happening to me with a guy online",
        "high",
        "old none, new none",
        "own-learned-about-grooming-in-pshe-thats-whats",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _p(
        "learned about county lines today. thats literally my brother",
        "high",
        "old none, new none" + " (right after the withdrawal)",
        "own-learned-about-county-lines-today-thats-literally",
    ),
    _p(
        "we did a lesson about county lines. my brother does that",
        "high",
        "old high, new high",
        "own-we-did-a-lesson-about-county-lines",
    ),
    _p(
        "lesson about county lines today. thats my big brother",
        "high",
        "old none, new none" + " (right after the withdrawal)",
        "own-lesson-about-county-lines-today-thats-my",
    ),
    _p(
        "learnt about self harm in rshe. ive been doing that since year 7",
        "high",
        "old none, new high (fixed by e98c2fd)",
        "own-learnt-about-self-harm-in-rshe-ive",
    ),
    _x(
        "we learned about self harm today. doing it rn",
        "high",
        "old none, new none",
        "own-we-learned-about-self-harm-today-doing",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "learned about self harm in pshe today. mood",
        "high",
        "old none, new none",
        "own-learned-about-self-harm-in-pshe-today-2",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "we learned about self harm in pshe. sameee",
        "high",
        "old none, new none",
        "own-we-learned-about-self-harm-in-pshe-5",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "we learned about self harm in pshe today. same tbh",
        "high",
        "old none, new none",
        "own-we-learned-about-self-harm-in-pshe-6",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "we learned about forced marriage in pshe. thats what my dad is planning for me",
        "high",
        "old none, new none",
        "own-we-learned-about-forced-marriage-in-pshe",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _p(
        "news about a boy stabbed in town. it was my cousin",
        "high",
        "old none, new high (fixed by e98c2fd)",
        "own-news-about-a-boy-stabbed-in-town",
    ),
    _p(
        "saw on the news someone got stabbed. that was my mate",
        "high",
        "old none, new high (fixed by e98c2fd)",
        "own-saw-on-the-news-someone-got-stabbed",
    ),
    _p(
        "heard someone got stabbed at the park. was my brother",
        "high",
        "old none, new none" + " (right after the withdrawal)",
        "own-heard-someone-got-stabbed-at-the-park",
    ),
    _x(
        "heard someone got stabbed at the park. it was our jayden",
        "high",
        "old none, new none",
        "own-heard-someone-got-stabbed-at-the-park-2",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _x(
        "on the news a lad got stabbed last night. its my brother hes in hospital",
        "high",
        "old none, new none",
        "own-on-the-news-a-lad-got-stabbed",
        OWN_KIND,
        WRITER_OWNS,
    ),
    _p(
        "film about self harm on tonight. i do it as well",
        "high",
        "old none, new immediate (fixed by e98c2fd)",
        "own-film-about-self-harm-on-tonight-i",
    ),
    _p(
        "book about a girl who self harms. i do that",
        "high",
        "old none, new high (fixed by e98c2fd)",
        "own-book-about-a-girl-who-self-harms",
    ),
    _p(
        "documentary about bulimia. ive done that for a year",
        "high",
        "old none, new high (fixed by e98c2fd)",
        "own-documentary-about-bulimia-ive-done-that-for",
    ),
    _p(
        "we learned about self harm in pshe. i still do it",
        "high",
        "old none, new high (fixed by e98c2fd)",
        "own-we-learned-about-self-harm-in-pshe-7",
    ),
    _p(
        "we learned about self harm in pshe today. my mate does it",
        "high",
        "old immediate, new immediate",
        "own-we-learned-about-self-harm-in-pshe-8",
    ),
]

OWN_EVERYDAY = [
    _p(
        "we learned about suicide prevention in pshe today. i did it for my homework",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "own-everyday-we-learned-about-suicide-prevention-in-pshe",
    ),
    _x(
        "we had a project about bullying. i did it with my friend",
        "none",
        "old concern, new concern",
        "own-everyday-we-had-a-project-about-bullying-i",
        PRE_EXISTING,
        WRITER_HOMEWORK,
    ),
    _x(
        "homework about knife crime. i did it last night",
        "none",
        "old high, new high",
        "own-everyday-homework-about-knife-crime-i-did-it",
        PRE_EXISTING,
        WRITER_HOMEWORK,
    ),
    _p(
        "essay about domestic abuse due friday. i did it already",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-essay-about-domestic-abuse-due-friday-i",
    ),
    _p(
        "poster about bullying for homework. we did it together",
        "none",
        "old none, new concern" + " (right after the withdrawal)",
        "own-everyday-poster-about-bullying-for-homework-we-did",
    ),
    _p(
        "project about drugs due tomorrow. i still have to do it",
        "none",
        "old none, new none",
        "own-everyday-project-about-drugs-due-tomorrow-i-still",
    ),
    _p(
        "we learned about consent in rshe. we did it in groups",
        "none",
        "old none, new none",
        "own-everyday-we-learned-about-consent-in-rshe-we",
    ),
    _p(
        "research about eating disorders for my epq. ive done it now",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-research-about-eating-disorders-for-my-epq",
    ),
    _p(
        "leaflet about knife crime for the charity. i did that one",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-leaflet-about-knife-crime-for-the-charity",
    ),
    _p(
        "presentation about grooming in computing. i done it",
        "none",
        "old none, new none",
        "own-everyday-presentation-about-grooming-in-computing-i-done",
    ),
    _x(
        "homework about bullying. i have done it sir",
        "none",
        "old concern, new concern",
        "own-everyday-homework-about-bullying-i-have-done-it",
        PRE_EXISTING,
        WRITER_HOMEWORK,
    ),
    _p(
        "we learned about county lines in pshe. same here, we did it last week",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-we-learned-about-county-lines-in-pshe",
    ),
    _p(
        "news article about a man stabbed in leeds. i did it for my media homework",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-news-article-about-a-man-stabbed-in",
    ),
    _x(
        "article about a girl who got stabbed. we did it in english",
        "none",
        "old high, new high",
        "own-everyday-article-about-a-girl-who-got-stabbed",
        PRE_EXISTING,
        WRITER_HOMEWORK,
    ),
    _p(
        "news said a man was shot in london. that was my brothers school",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-news-said-a-man-was-shot-in",
    ),
    _p(
        "heard someone got stabbed in town. thats my brothers street",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-heard-someone-got-stabbed-in-town-thats",
    ),
    _p(
        "book about a girl who self harms for english. i did it for my book review",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-book-about-a-girl-who-self-harms-2",
    ),
    _p(
        "film about suicide in media studies. we did that in year 10",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-film-about-suicide-in-media-studies-we",
    ),
    _p(
        "our project about self harm awareness. i did it with my sister",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "own-everyday-our-project-about-self-harm-awareness-i",
    ),
    _p(
        "we learned about self harm awareness in pshe today. same here",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "own-everyday-we-learned-about-self-harm-awareness-in",
    ),
    _p(
        "lesson about knife crime today. same here in our school",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "own-everyday-lesson-about-knife-crime-today-same-here",
    ),
    _p(
        "mums work did training about domestic abuse. she did it online",
        "none",
        "old none, new none",
        "own-everyday-mums-work-did-training-about-domestic-abuse",
    ),
    _p(
        "homework about radicalisation. did it, sent it to miss",
        "none",
        "old none, new none",
        "own-everyday-homework-about-radicalisation-did-it-sent-it",
    ),
    _p(
        "parent here: my son had a lesson about county lines. he did it on tuesday",
        "none",
        "old none, new none",
        "own-everyday-parent-here-my-son-had-a-lesson",
    ),
    _p(
        "staff: year 9 learned about grooming today. we did it in form time",
        "none",
        "old none, new none",
        "own-everyday-staff-year-9-learned-about-grooming-today",
    ),
    _p(
        "heard about the stabbing on the news. that was my brothers college",
        "none",
        "old none, new none",
        "own-everyday-heard-about-the-stabbing-on-the-news",
    ),
]

TABLET_EVERYDAY = [
    _p(
        "i took every tablet out of the box to charge them",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-i-took-every-tablet-out-of-the",
    ),
    _p(
        "took every tablet out of the cupboard for the year 4 lesson",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-took-every-tablet-out-of-the-cupboard",
    ),
    _p(
        "miss took each tablet from the drawer and updated them",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-miss-took-each-tablet-from-the-drawer",
    ),
    _p(
        "i took every tablet out the box and set them up for the kids",
        "none",
        "old none, new none",
        "tablet-everyday-i-took-every-tablet-out-the-box",
    ),
    _p(
        "we took every ipad and tablet out of the cupboard for the trip",
        "none",
        "old none, new none",
        "tablet-everyday-we-took-every-ipad-and-tablet-out",
    ),
    _p(
        "i took every pill out of the lego box",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-i-took-every-pill-out-of-the",
    ),
    _p(
        "took every pill from the jar and sorted them into nans organiser",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-took-every-pill-from-the-jar-and",
    ),
    _p(
        "i took every vitamin out of the tub and counted them for the week",
        "none",
        "old none, new none",
        "tablet-everyday-i-took-every-vitamin-out-of-the",
    ),
    _p(
        "took each tablet out of the blister pack and put them in the dosette box for mum",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-took-each-tablet-out-of-the-blister",
    ),
    _p(
        "i took every tablet from the drawer to school for the science lesson",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-i-took-every-tablet-from-the-drawer",
    ),
    _p(
        "she took every tablet out of the box and put them back in the charging trolley",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-she-took-every-tablet-out-of-the",
    ),
    _p(
        "took every tablet out of the packet and put it in grans pill organiser",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-took-every-tablet-out-of-the-packet",
    ),
    _p(
        "we took every dishwasher tablet out of the box, they were wet",
        "none",
        "old none, new none",
        "tablet-everyday-we-took-every-dishwasher-tablet-out-of",
    ),
    _p(
        "took every tablet out of the drawer and wiped the screens",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-took-every-tablet-out-of-the-drawer",
    ),
    _p(
        "i took each pill out of the strip for my dad cos his hands shake",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday-i-took-each-pill-out-of-the",
    ),
]

TABLET_RISK = [
    _x(
        "i took every tablet in the box",
        "high",
        "old none, new immediate (fixed by 30aeb8e)",
        "tablet-risk-i-took-every-tablet-in-the-box",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "i took every tablet in nans dosette box",
        "high",
        "old none, new immediate (fixed by 30aeb8e)",
        "tablet-risk-i-took-every-tablet-in-nans-dosette",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "took every pill in the bottle",
        "high",
        "old none, new immediate (fixed by 30aeb8e)",
        "tablet-risk-took-every-pill-in-the-bottle",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "i swallowed every tablet in the packet",
        "high",
        "old none, new immediate (fixed by 30aeb8e)",
        "tablet-risk-i-swallowed-every-tablet-in-the-packet",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "i took every single tablet in the box",
        "high",
        "old none, new none",
        "tablet-risk-i-took-every-single-tablet-in-the",
        OWN_KIND,
        EVERY_TABLET_MISSES,
    ),
    _p(
        "i took all the tablets in the box",
        "high",
        "old immediate, new immediate",
        "tablet-risk-i-took-all-the-tablets-in-the",
    ),
    _x(
        "took every paracetamol in the box",
        "high",
        "old none, new none",
        "tablet-risk-took-every-paracetamol-in-the-box",
        OWN_KIND,
        EVERY_TABLET_MISSES,
    ),
    _x(
        "i took every one of my tablets",
        "high",
        "old none, new none",
        "tablet-risk-i-took-every-one-of-my-tablets",
        OWN_KIND,
        EVERY_TABLET_MISSES,
    ),
    _x(
        "ive taken every tablet i had",
        "high",
        "old none, new none",
        "tablet-risk-ive-taken-every-tablet-i-had",
        OWN_KIND,
        EVERY_TABLET_MISSES,
    ),
    _x(
        "i took each tablet from the strip till there were none left",
        "high",
        "old none, new immediate (fixed by 30aeb8e)",
        "tablet-risk-i-took-each-tablet-from-the-strip",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "i took every tablet in the house",
        "high",
        "old none, new none",
        "tablet-risk-i-took-every-tablet-in-the-house",
        OWN_KIND,
        EVERY_TABLET_MISSES,
    ),
    _x(
        "my daughter took every tablet in the cupboard",
        "high",
        "old none, new immediate (fixed by 30aeb8e)",
        "tablet-risk-my-daughter-took-every-tablet-in-the",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "i took evry tablet in the box",
        "high",
        "old none, new none",
        "tablet-risk-i-took-evry-tablet-in-the-box",
        OWN_KIND,
        EVERY_TABLET_MISSES,
    ),
    _x(
        "took every pill out the packet and swallowed them",
        "high",
        "old none, new none",
        "tablet-risk-took-every-pill-out-the-packet-and",
        OWN_KIND,
        EVERY_TABLET_MISSES,
    ),
    _x(
        "ive just took every tablet out of the box, all of them",
        "high",
        "old none, new immediate (fixed by 30aeb8e)",
        "tablet-risk-ive-just-took-every-tablet-out-of",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "i took every tablet in mums drawer",
        "high",
        "old none, new immediate (fixed by 30aeb8e)",
        "tablet-risk-i-took-every-tablet-in-mums-drawer",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "wziełam every tabletki in the box",
        "high",
        "old none, new none",
        "tablet-risk-wzie-am-every-tabletki-in-the-box",
        OWN_KIND,
        EVERY_TABLET_MISSES,
    ),
    _p(
        "i took all my tabletki", "high", "old immediate, new immediate", "tablet-risk-i-took-all-my-tabletki"
    ),
    _p("took all the tabletek", "high", "old immediate, new immediate", "tablet-risk-took-all-the-tabletek"),
]

COLLAR_RISK = [
    _x(
        "dad put the dogs shock collar on my little brother",
        "high",
        "old none, new high (fixed by 30aeb8e)",
        "collar-risk-dad-put-the-dogs-shock-collar-on",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "my stepdad put a shock collar on me",
        "high",
        "old none, new high (fixed by 30aeb8e)",
        "collar-risk-my-stepdad-put-a-shock-collar-on",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "mum used the shock collar on my sister",
        "high",
        "old none, new high (fixed by 30aeb8e)",
        "collar-risk-mum-used-the-shock-collar-on-my",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "he put the shock collar on my brother again",
        "high",
        "old none, new high (fixed by 30aeb8e)",
        "collar-risk-he-put-the-shock-collar-on-my",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "they put the dogs shock collar on us",
        "high",
        "old none, new high (fixed by 30aeb8e)",
        "collar-risk-they-put-the-dogs-shock-collar-on",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "my dad made me wear the dogs shock collar",
        "high",
        "old none, new none",
        "collar-risk-my-dad-made-me-wear-the-dogs",
        OWN_KIND,
        COLLAR_MISSES,
    ),
    _x(
        "stepdad put the shock collar round my neck",
        "high",
        "old none, new none",
        "collar-risk-stepdad-put-the-shock-collar-round-my",
        OWN_KIND,
        COLLAR_MISSES,
    ),
    _x(
        "he shocks me with the dog collar when im bad",
        "high",
        "old none, new none",
        "collar-risk-he-shocks-me-with-the-dog-collar",
        OWN_KIND,
        COLLAR_MISSES,
    ),
    _x(
        "dad puts an electric collar on my little sister",
        "high",
        "old none, new none",
        "collar-risk-dad-puts-an-electric-collar-on-my",
        OWN_KIND,
        COLLAR_MISSES,
    ),
    _x(
        "mum put the bark collar on my brother to shut him up",
        "high",
        "old none, new none",
        "collar-risk-mum-put-the-bark-collar-on-my",
        OWN_KIND,
        COLLAR_MISSES,
    ),
    _x(
        "he used the dogs shock collar on my baby brother",
        "high",
        "old none, new high (fixed by 30aeb8e)",
        "collar-risk-he-used-the-dogs-shock-collar-on",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "my stepdad put the dogs shock collar on my 4 year old",
        "high",
        "old none, new none",
        "collar-risk-my-stepdad-put-the-dogs-shock-collar",
        OWN_KIND,
        COLLAR_MISSES,
    ),
    _x(
        "my partner put a shock collar on our son",
        "high",
        "old none, new none",
        "collar-risk-my-partner-put-a-shock-collar-on",
        OWN_KIND,
        COLLAR_MISSES,
    ),
    _x(
        "uncle put a shock collar on my cousin",
        "high",
        "old none, new none",
        "collar-risk-uncle-put-a-shock-collar-on-my",
        OWN_KIND,
        COLLAR_MISSES,
    ),
    _x(
        "dad put a shock colar on me",
        "high",
        "old none, new high (fixed by 30aeb8e)",
        "collar-risk-dad-put-a-shock-colar-on-me",
        WITHDRAWN,
        "risk",
    ),
    _x(
        "dad puts the shock collar on me when i cry",
        "high",
        "old none, new high (fixed by 30aeb8e)",
        "collar-risk-dad-puts-the-shock-collar-on-me",
        WITHDRAWN,
        "risk",
    ),
]

COLLAR_EVERYDAY = [
    _p(
        "we put a shock collar on him and he stopped barking",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "collar-everyday-we-put-a-shock-collar-on-him",
    ),
    _p(
        "the trainer used a shock collar on her and now she walks nicely",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "collar-everyday-the-trainer-used-a-shock-collar-on",
    ),
    _p(
        "should we put a shock collar on them, the dogs keep running off",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "collar-everyday-should-we-put-a-shock-collar-on",
    ),
    _p(
        "never use a shock collar on him, hes only a puppy",
        "none",
        "old none, new none",
        "collar-everyday-never-use-a-shock-collar-on-him",
    ),
    _p(
        "vet said dont put a shock collar on her",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "collar-everyday-vet-said-dont-put-a-shock-collar",
    ),
    _p(
        "my neighbour is using a shock collar on them, the poor dogs",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "collar-everyday-my-neighbour-is-using-a-shock-collar",
    ),
    _p(
        "thinking of putting a shock collar on him, our lab keeps escaping",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "collar-everyday-thinking-of-putting-a-shock-collar-on",
    ),
    _p(
        "we used a shock collar on us as a dare in the park lol it barely tingled",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "collar-everyday-we-used-a-shock-collar-on-us",
    ),
    _p(
        "shock collar on my dog works a treat",
        "none",
        "old none, new none",
        "collar-everyday-shock-collar-on-my-dog-works-a",
    ),
    _p(
        "got a shock collar on my little terrier",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "collar-everyday-got-a-shock-collar-on-my-little",
    ),
    _p(
        "ordered a shock collar on amazon for the dog",
        "none",
        "old none, new none",
        "collar-everyday-ordered-a-shock-collar-on-amazon-for",
    ),
    _p(
        "put the shock collar on my puppy for the first time",
        "none",
        "old none, new none",
        "collar-everyday-put-the-shock-collar-on-my-puppy",
    ),
    _p(
        "my brother put a shock collar on his dog",
        "none",
        "old none, new none",
        "collar-everyday-my-brother-put-a-shock-collar-on",
    ),
    _p(
        "is it cruel to put a shock collar on my little dog",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "collar-everyday-is-it-cruel-to-put-a-shock",
    ),
]

BENIGN_HIDES = [
    _p(
        "how to help if someone overdoses, my friend just did",
        "high",
        "old high, new high",
        "benign-hides-how-to-help-if-someone-overdoses-my",
    ),
    _p(
        "we learned how to help if someone overdoses. my mate just took 30 tablets",
        "high",
        "old immediate, new immediate",
        "benign-hides-we-learned-how-to-help-if-someone",
    ),
    _p(
        "first aid course covered how to help when someone overdoses. i took 20 last night",
        "high",
        "old high, new none" + " (right after the withdrawal)",
        "benign-hides-first-aid-course-covered-how-to-help",
    ),
    _p(
        "learnt how to help if someone overdoses. im going to overdose tonight",
        "high",
        "old immediate, new immediate",
        "benign-hides-learnt-how-to-help-if-someone-overdoses",
    ),
    _p(
        "learning how to help when a friend overdoses, she has just taken loads of pills please help",
        "high",
        "old immediate, new immediate",
        "benign-hides-learning-how-to-help-when-a-friend",
    ),
    _p(
        "the knife crime team came for my brother, hes been stabbed",
        "high",
        "old high, new high",
        "benign-hides-the-knife-crime-team-came-for-my",
    ),
    _p(
        "knife crime unit came round, my brother got stabbed",
        "high",
        "old high, new high",
        "benign-hides-knife-crime-unit-came-round-my-brother",
    ),
    _p(
        "the knife crime squad are after my brother he carries a knife",
        "high",
        "old high, new high",
        "benign-hides-the-knife-crime-squad-are-after-my",
    ),
    _p(
        "knife crime team came, my cousin got stabbed outside school",
        "high",
        "old immediate, new immediate",
        "benign-hides-knife-crime-team-came-my-cousin-got",
    ),
    _p(
        "i ate suicide wings then i want to kill myself",
        "high",
        "old high, new high",
        "benign-hides-i-ate-suicide-wings-then-i-want",
    ),
    _p(
        "suicide sauce challenge. i want to die for real",
        "high",
        "old high, new high",
        "benign-hides-suicide-sauce-challenge-i-want-to-die",
    ),
    _p(
        "im on the suicide wings, actually want to kill myself lol no joke",
        "high",
        "old high, new high",
        "benign-hides-im-on-the-suicide-wings-actually-want",
    ),
    _p(
        "knife crime unit. they found my brother with a knife",
        "high",
        "old immediate, new none" + " (right after the withdrawal)",
        "benign-hides-knife-crime-unit-they-found-my-brother",
    ),
]

BENIGN_EVERYDAY = [
    _p(
        "had the suicide wings at the wing place, my mouth is on fire",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-had-the-suicide-wings-at-the-wing",
    ),
    _p(
        "dared my mate to eat suicide hot sauce",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-dared-my-mate-to-eat-suicide-hot",
    ),
    _p(
        "suicide sauce nearly killed me lol",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-suicide-sauce-nearly-killed-me-lol",
    ),
    _p(
        "bww suicide wings were lethal",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-bww-suicide-wings-were-lethal",
    ),
    _x(
        "the knife crime unit came into school to talk to year 10",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-the-knife-crime-unit-came-into-school",
        WITHDRAWN,
        "everyday",
    ),
    _x(
        "knife crime team did a talk in assembly",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-knife-crime-team-did-a-talk-in",
        WITHDRAWN,
        "everyday",
    ),
    _x(
        "we learnt how to help if someone overdoses in first aid",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-we-learnt-how-to-help-if-someone",
        WITHDRAWN,
        "everyday",
    ),
    _x(
        "first aid training today on how to help when someone overdoses",
        "none",
        "old immediate, new none (fixed by 30aeb8e)",
        "benign-everyday-first-aid-training-today-on-how-to",
        WITHDRAWN,
        "everyday",
    ),
    _x(
        "learned how to help if a friend overdoses at the st johns course",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-learned-how-to-help-if-a-friend",
        WITHDRAWN,
        "everyday",
    ),
    _x(
        "police knife crime squad came to our youth club",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "benign-everyday-police-knife-crime-squad-came-to-our",
        WITHDRAWN,
        "everyday",
    ),
]

ALLOW_CONCERN = [
    _x(
        "smoked weds at the park and now im scared of what my brother makes me sell",
        "concern",
        "old concern, new none",
        "allow-concern-smoked-weds-at-the-park-and-now",
        WORSE_30AEB8E,
        WEDS_ALLOWED,
    ),
    _x(
        "i smoke weds every day to cope",
        "concern",
        "old concern, new none",
        "allow-concern-i-smoke-weds-every-day-to-cope",
        WORSE_30AEB8E,
        WEDS_ALLOWED,
    ),
    _x(
        "been smoking weds with the older lads",
        "concern",
        "old concern, new none",
        "allow-concern-been-smoking-weds-with-the-older-lads",
        WORSE_30AEB8E,
        WEDS_ALLOWED,
    ),
]

ALLOW_RISK = [
    _p(
        "he makes me sell weds for him or he hurts me",
        "high",
        "old high, new high",
        "allow-risk-he-makes-me-sell-weds-for-him",
    ),
    _p(
        "he gives me weds then makes me do stuff",
        "high",
        "old high, new high",
        "allow-risk-he-gives-me-weds-then-makes-me",
    ),
    _p(
        "my uncle makes me sell weed for him",
        "high",
        "old high, new high",
        "allow-risk-my-uncle-makes-me-sell-weed-for",
    ),
    _x(
        "they pay me in dollars to send pics",
        "high",
        "old none, new none",
        "allow-risk-they-pay-me-in-dollars-to-send",
        PRE_EXISTING,
        ALLOW_TEXTSPEAK,
    ),
    _x(
        "a man online sends me dollars for photos of me",
        "high",
        "old none, new none",
        "allow-risk-a-man-online-sends-me-dollars-for",
        PRE_EXISTING,
        ALLOW_TEXTSPEAK,
    ),
    _x(
        "my stepdad broke my collarbone",
        "high",
        "old none, new none",
        "allow-risk-my-stepdad-broke-my-collarbone",
        PRE_EXISTING,
        ALLOW_TEXTSPEAK,
    ),
    _x(
        "dad threw me and broke my collarbone",
        "high",
        "old none, new none",
        "allow-risk-dad-threw-me-and-broke-my-collarbone",
        PRE_EXISTING,
        ALLOW_TEXTSPEAK,
    ),
    _p(
        "mum hit me so hard my collarbone cracked",
        "high",
        "old high, new high",
        "allow-risk-mum-hit-me-so-hard-my-collarbone",
    ),
    _x(
        "i cut my collarbone last night",
        "high",
        "old none, new none",
        "allow-risk-i-cut-my-collarbone-last-night",
        PRE_EXISTING,
        ALLOW_TEXTSPEAK,
    ),
    _p(
        "im gonna throw myself off the shingle into the sea tonight",
        "high",
        "old immediate, new immediate",
        "allow-risk-im-gonna-throw-myself-off-the-shingle",
    ),
    _p("i took 30 tabletki", "high", "old immediate, new immediate", "allow-risk-i-took-30-tabletki"),
    _x(
        "wzięłam 30 tabletek",
        "high",
        "old none, new none",
        "allow-risk-wzi-am-30-tabletek",
        PRE_EXISTING,
        ALLOW_TEXTSPEAK,
    ),
    _p("ive taken 20 tabletky", "high", "old immediate, new immediate", "allow-risk-ive-taken-20-tabletky"),
    _p(
        "took a whole box of tabletki",
        "high",
        "old immediate, new immediate",
        "allow-risk-took-a-whole-box-of-tabletki",
    ),
]

ALLOW_EVERYDAY = [
    _p(
        "see you weds for the session",
        "none",
        "old none, new none",
        "allow-everyday-see-you-weds-for-the-session",
    ),
    _p("can we move it to weds", "none", "old none, new none", "allow-everyday-can-we-move-it-to-weds"),
    _p(
        "my mum weds her boyfriend in june",
        "none",
        "old none, new none",
        "allow-everyday-my-mum-weds-her-boyfriend-in-june",
    ),
    _p(
        "broke my collarbone at rugby",
        "none",
        "old none, new none",
        "allow-everyday-broke-my-collarbone-at-rugby",
    ),
    _p(
        "i got 5 dollars for my birthday from my aunt in america",
        "none",
        "old none, new none",
        "allow-everyday-i-got-5-dollars-for-my-birthday",
    ),
    _p(
        "my fingers tingle when its cold",
        "none",
        "old none, new none",
        "allow-everyday-my-fingers-tingle-when-its-cold",
    ),
    _p(
        "went to the shingle beach with nan",
        "none",
        "old none, new none",
        "allow-everyday-went-to-the-shingle-beach-with-nan",
    ),
    _p("my nan has shingles", "none", "old none, new none", "allow-everyday-my-nan-has-shingles"),
    _p(
        "mum bought tabletki for her headache",
        "none",
        "old none, new none",
        "allow-everyday-mum-bought-tabletki-for-her-headache",
    ),
    _p(
        "tabletky are in the kitchen for my cold",
        "none",
        "old none, new none",
        "allow-everyday-tabletky-are-in-the-kitchen-for-my",
    ),
    _p(
        "collarbone hurts after football",
        "none",
        "old none, new none",
        "allow-everyday-collarbone-hurts-after-football",
    ),
    _p(
        "i have a tingle in my leg",
        "none",
        "old high, new none (fixed by 30aeb8e)",
        "allow-everyday-i-have-a-tingle-in-my-leg",
    ),
    _p("weds is pe day", "none", "old none, new none", "allow-everyday-weds-is-pe-day"),
]

BENIGN_HIDES2 = [
    _p(
        "we did first aid, how to help if someone overdoses. i took 20 last night",
        "high",
        "old high, new none" + " (right after the withdrawal)",
        "benign-hides2-we-did-first-aid-how-to-help",
    ),
    _p(
        "first aid training on how to help when someone overdoses. my sister overdosed last night",
        "high",
        "old immediate, new immediate",
        "benign-hides2-first-aid-training-on-how-to-help",
    ),
    _p(
        "st johns course, how to help if someone overdoses. i think ive taken too many",
        "high",
        "old high, new none" + " (right after the withdrawal)",
        "benign-hides2-st-johns-course-how-to-help-if",
    ),
    _p(
        "learnt how to help if someone overdoses. my mum does it all the time",
        "high",
        "old high, new high",
        "benign-hides2-learnt-how-to-help-if-someone-overdoses-2",
    ),
    _p(
        "training on how to help if a mate overdoses. my mate has just taken a load of pills",
        "high",
        "old immediate, new immediate",
        "benign-hides2-training-on-how-to-help-if-a",
    ),
    _p(
        "the knife crime team came to ours, my brother carries a blade",
        "high",
        "old high, new high",
        "benign-hides2-the-knife-crime-team-came-to-ours",
    ),
    _p(
        "knife crime squad raided our house, my brother has a knife and says hell use it",
        "high",
        "old immediate, new immediate",
        "benign-hides2-knife-crime-squad-raided-our-house-my",
    ),
    _p(
        "knife crime unit stopped my son, he had a machete in his bag",
        "high",
        "old high, new high",
        "benign-hides2-knife-crime-unit-stopped-my-son-he",
    ),
    _p(
        "the knife crime team were at school cos someone stabbed me",
        "high",
        "old high, new high",
        "benign-hides2-the-knife-crime-team-were-at-school",
    ),
    _p(
        "suicide wings. honestly i want to end it all",
        "high",
        "old high, new high",
        "benign-hides2-suicide-wings-honestly-i-want-to-end",
    ),
    _p(
        "suicide hot sauce lol. actually im going to kill myself tonight",
        "high",
        "old immediate, new immediate",
        "benign-hides2-suicide-hot-sauce-lol-actually-im-going",
    ),
]

TABLET_EVERYDAY2 = [
    _p(
        "i took every ipad tablet out of the box for year 3",
        "none",
        "old none, new none",
        "tablet-everyday2-i-took-every-ipad-tablet-out-of",
    ),
    _p(
        "took each tablet out of the trolley box and logged them",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday2-took-each-tablet-out-of-the-trolley",
    ),
    _p(
        "i took every tablet in the box to the it office to be fixed",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday2-i-took-every-tablet-in-the-box-2",
    ),
    _p(
        "took every tablet from the box and gave one to each child",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday2-took-every-tablet-from-the-box-and",
    ),
    _p(
        "ive took every tablet out of the tub, the kids were using them as counters",
        "none",
        "old none, new immediate" + " (right after the withdrawal)",
        "tablet-everyday2-ive-took-every-tablet-out-of-the",
    ),
]

NEWS_EVERYDAY2 = [
    _p(
        "news said a boy got stabbed in town. was my brothers mate from footy, i didnt know him",
        "none",
        "old none, new none",
        "news-everyday2-news-said-a-boy-got-stabbed-in",
    ),
    _p(
        "heard about a stabbing near the station. that was my dads old work",
        "none",
        "old none, new none",
        "news-everyday2-heard-about-a-stabbing-near-the-station",
    ),
    _p(
        "documentary about anorexia on bbc. i did it for my btec coursework",
        "none",
        "old none, new high" + " (right after the withdrawal)",
        "news-everyday2-documentary-about-anorexia-on-bbc-i-did",
    ),
    _p(
        "the article about the shooting. we did it in citizenship",
        "none",
        "old none, new none",
        "news-everyday2-the-article-about-the-shooting-we-did",
    ),
]

ALL = (
    OWN
    + OWN_EVERYDAY
    + NEWS_EVERYDAY2
    + TABLET_RISK
    + TABLET_EVERYDAY
    + TABLET_EVERYDAY2
    + COLLAR_RISK
    + COLLAR_EVERYDAY
    + BENIGN_HIDES
    + BENIGN_HIDES2
    + BENIGN_EVERYDAY
    + ALLOW_CONCERN
    + ALLOW_RISK
    + ALLOW_EVERYDAY
)


@pytest.mark.parametrize(("text", "expected", "why"), ALL)
def test_review15_probe(screener: Screener, text: str, expected: str, why: str) -> None:
    found = screener.screen(text)
    if expected == "none":
        assert found.severity == "none", (text, why, found.to_audit())
    else:
        assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER[expected], (text, why, found.to_audit())
