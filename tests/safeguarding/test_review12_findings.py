"""Defects a review found in the twelfth session's lexicon change (7081c70..8fa7398:
suicide.method_research, suicide.preparing_to_go, suicide.giving_away, suicide.going_in_now, a cover story
in suicide.hidden_plan, "dont care if i die" in suicide.want_die, self_harm.testing_pain, self_harm.pact,
the {feel_test} slot, text-speak hw / ova / enuf / cud / thnks, allow-list words, new benign rules and new
"jump !(down|across|back ...)" exceptions in suicide.attempt_now), kept as tests. Every text here is
invented for these tests; every name is fictional.

Every case is checked on the lexicon alone (no learned model), so each one is a lexicon effect: the
lexicon's own hit, a benign rule setting a hit aside, or a spelling-repair change. The comments give the
lexicon-alone severity at 7081c70 (old) and at 8fa7398 (new).
"""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding import SEVERITY_ORDER, Severity
from safeguarding.normalise import Normaliser
from safeguarding.screening import Screener, default_screener, load_lexicon

from .lexicon_checks import gap


@pytest.fixture(scope="module")
def lexicon_only() -> Screener:
    """The lexicon alone (``safeguarding.model.enabled: false``, or the model file failing to load)."""
    return Screener(load_lexicon(check_examples=False))


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return default_screener().lexicon.normaliser


def _why(found: safeguarding.Assessment) -> list[tuple[str, str]]:
    return [(m.entry_id, m.severity) for m in found.matches]


def _at_most(lexicon_only: Screener, text: str, ceiling: Severity) -> None:
    found = lexicon_only.screen(text)
    assert SEVERITY_ORDER[found.severity] <= SEVERITY_ORDER[ceiling], (text, found.severity, _why(found))


def _at_least(lexicon_only: Screener, text: str, floor: Severity) -> None:
    found = lexicon_only.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER[floor], (text, found.severity, _why(found))


# 1. Everyday texts the new entries flag as high or immediate (none or concern before). Ceiling: concern.
@pytest.mark.parametrize(
    "text",
    [
        # --- suicide.preparing_to_go: "when im gone / not here" with a trip or a place named after it, a
        #     parent talking about their own things, "wont need it after / much longer" and "cancelled ... no
        #     point" with an ordinary reason that the not_if list does not name.
        pytest.param(
            "dad says when he is gone i can have his watch", id="ptg-dad-watch"
        ),  # old none, new high
        pytest.param(
            "when im gone on my dofe expedition can you feed my rabbit", id="ptg-dofe"
        ),  # none -> high
        pytest.param(
            "will you feed my fish when im not here next weekend", id="ptg-next-weekend"
        ),  # none -> high
        pytest.param("i gave my brother my school jumper, i wont need it after year 11", id="ptg-jumper"),
        # ^ none -> high: leaving school uniform behind
        pytest.param("i wont need my bus pass after friday, mum is driving me now", id="ptg-bus-pass"),
        # ^ none -> immediate: "now" (cue.time_now) raises the false alarm to a crisis
        pytest.param(
            "i wont need it much longer, my cast comes off on friday", id="ptg-cast"
        ),  # none -> high
        pytest.param(
            "cancelled my netflix, no point cos we never watch it", id="ptg-netflix"
        ),  # none -> high
        pytest.param("stopped my swimming lessons, no point now i can swim", id="ptg-swim-lessons"),
        # ^ none -> immediate: "stopped my ... no point" plus "now"
        pytest.param("can you walk my dog after im gone tomorrow, my flight is at 6", id="ptg-flight"),
        # ^ none -> high: a pet's care while away; "flight" is not in the not_if list
        pytest.param(
            "feed my cat when im not around this week please, im away with school", id="ptg-away-school"
        ),
        # ^ none -> high
        pytest.param("i wont need my coat after today, its going to be 20 degrees", id="ptg-coat-weather"),
        # ^ none -> immediate ("today" raises it)
        pytest.param("i wont need my school bag after friday, its half term", id="ptg-half-term"),
        # ^ none -> high: the not_if has "(for|over) half term", not "its half term"
        pytest.param("wont need it after the match so you can have my gum shield", id="ptg-gum-shield"),
        # ^ none -> immediate (cue.intent_time)
        # --- suicide.method_research: heights, depths, speed and "would i survive" in everyday questions, and
        #     "how long does it take to (die|hang)" for dyeing clothes and hanging wallpaper.
        pytest.param("how cold is the sea in may, would i survive without a wetsuit", id="mr-wetsuit"),
        # ^ none -> high: "wetsuit" is not in the not_if list (swim, surf... are)
        pytest.param(
            "how far is it to the top, would it be quick to walk", id="mr-walk-quick"
        ),  # none -> high
        pytest.param("is three metres deep enough for the pond", id="mr-pond"),  # none -> high
        pytest.param("how long does it take to hang wallpaper", id="mr-wallpaper"),  # none -> high
        pytest.param("how long does it take to die a tshirt", id="mr-dye-homophone"),  # none -> high ("dye")
        pytest.param("which part of the road is busiest for the charity collection", id="mr-busiest"),
        # ^ none -> high: "which part ... busiest" with nothing about the sender
        pytest.param("what part of the course is the fastest", id="mr-course-fastest"),  # none -> high
        pytest.param("how tall is the tree, would it hurt if it fell on the shed", id="mr-tree-shed"),
        # ^ none -> high: "would it hurt" about a tree falling on a shed
        # --- self_harm.testing_pain: {feel_test}'s bare "on purpose" / "to feel" after a hot thing.
        pytest.param("held the lighter on purpose to light the candles on the cake", id="tp-candles"),
        # ^ none -> high
        pytest.param(
            "put my hand in the oven glove and held the tray on purpose so it wouldnt slide", id="tp-tray"
        ),
        # ^ none -> high
        pytest.param(
            "i held my fingers over the fire to warm them up, just to feel them again", id="tp-warm-up"
        ),
        # ^ none -> high: warming cold fingers
        # --- self_harm.pact: a promise, a deal or an oath with "cut" anywhere in the next eight words.
        pytest.param(
            "we promised each other we wouldnt cut class again", id="pact-cut-class"
        ),  # none -> high
        pytest.param(
            "we swore we would cut our hair the same for the wedding", id="pact-hair"
        ),  # none -> high
        pytest.param("we made a deal to cut the grass for nan every sunday", id="pact-grass"),  # none -> high
        pytest.param(
            "we agreed to cut down on screen time as a family", id="pact-screen-time"
        ),  # none -> high
        pytest.param("i swear if she cuts in the lunch queue again", id="pact-queue"),  # none -> high
        pytest.param(
            "we sent each other photos of our scars after our appendix ops", id="pact-surgery-scars"
        ),
        # ^ none -> high: healed surgery scars compared
        # --- suicide.going_in_now: "(ill|going to|will) go over (the top|the edge|the back|it)", "legs over
        #     the side ... ill go", "no lights ... going off the", "sat on the wall ... ill go" (immediate).
        pytest.param(
            "on the ferry to france, going to go out on the back deck, ill go over the side to take pics",
            id="gin-ferry",
        ),  # none -> immediate: the not_if has "ferry trip", not "ferry"
        pytest.param("going to go over it again before my test", id="gin-revise"),  # none -> immediate
        pytest.param("im going to go over the top with decorations this year", id="gin-decorations"),
        # ^ none -> immediate: "go over the top" is an idiom
        pytest.param("i will go over the back of the house to get in, forgot my key", id="gin-key"),
        pytest.param(
            "legs over the side of the bed, ill go to sleep soon", id="gin-bed"
        ),  # none -> immediate
        pytest.param("sat on the wall waiting for mum, ill go when she gets here", id="gin-wait-mum"),
        # ^ none -> immediate
        pytest.param("no lights on at home, were going off the grid this weekend", id="gin-off-grid"),
        # ^ none -> immediate
        # --- suicide.want_die "dont care if i (live|crash|die|never come back)", whatever follows.
        pytest.param(
            "i dont care if i live in a flat or a house, i just want my own room", id="wd-flat-house"
        ),
        pytest.param("dont care if i crash out of the tournament", id="wd-crash-out"),  # none -> high
        pytest.param("honestly dont care if i die my hair pink or blue", id="wd-dye-hair"),  # none -> high
    ],
)
def test_everyday_text_is_not_flagged(lexicon_only: Screener, text: str) -> None:
    _at_most(lexicon_only, text, "concern")


# 2. suicide.giving_away (concern) on things given away with a reason its not_if list does not name. Ceiling:
#    none (each gives its reason).
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("giving away all my spare pens to the year 7s", id="ga-pens"),  # none -> concern
        pytest.param("im giving away all my pokemon cards, dont collect them any more", id="ga-cards"),
        pytest.param("gave away all my plants, they keep dying", id="ga-plants"),  # none -> concern
    ],
)
def test_everyday_giving_away_is_none(lexicon_only: Screener, text: str) -> None:
    _at_most(lexicon_only, text, "none")


# 3. Everyday texts flagged because a real word next to the new entries is now spelling-repaired into one of
#    their literal words (see section 6 for the words themselves).
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("how deep can a diver go, would you die without a tank", id="sp-diver-river"),
        # ^ none -> high: "diver" -> "river", so the not_if's "divers|diving" no longer sees it
        pytest.param("which part of the hill is the steepest for sledging", id="sp-steepest-deepest"),
        # ^ none -> high: "steepest" -> "deepest"
        pytest.param("which bit of the walk is the farthest from the car park", id="sp-farthest-fastest"),
        # ^ none -> immediate: "farthest" -> "fastest", then cue.means on "car park"
        pytest.param(
            "i clicked it till it broke", id="sp-clicked-flicked"
        ),  # none -> high: "flicked ... till"
        pytest.param("put my hand on the hob by mistake, it wasnt deliberate", id="sp-deliberate"),
        # ^ none -> high: "deliberate" -> "deliberately" ({feel_test}); "by mistake" is not in the not_if
        pytest.param("the impact of the cuts on our school has been huge", id="sp-impact-pact"),
        # ^ none -> high: "impact" -> "i am pact", then "cuts"
        pytest.param("ill eat it providing you cut the crusts off", id="sp-providing-promising"),
        # ^ none -> high: "providing" -> "promising", then "cut"
        pytest.param("the colours faded into the dark, bye bye summer", id="sp-faded-waded"),
        # ^ none -> immediate: "faded into the dark ... bye" -> "waded into the dark ... bye"
        pytest.param("dont care if i trashed my room, its my room", id="sp-trashed-crashed"),
        # ^ none -> high: "trashed" -> "crashed" ("dont care if i crashed")
        pytest.param(
            "how high is the tower, would it kill you if you fell, its for my hw on forces", id="ts-hw"
        ),
        # ^ none -> high: new text-speak "hw" -> "how", so the not_if never sees "hw" (homework)
    ],
)
def test_repaired_word_does_not_make_everyday_text_flagged(lexicon_only: Screener, text: str) -> None:
    _at_most(lexicon_only, text, "concern")


# 4. Regressions: real risk the lexicon flagged at 7081c70 and no longer does, because a new benign rule sets
#    the hit aside (the hit lies inside the rule's span) or attempt_now's new "jump !(down ...)" exception.
@pytest.mark.parametrize(
    ("text", "floor"),
    [
        # benign.place_explained "(im|...) (at|on|to) the bridge ... (cards|...)": any "cards" within four
        # words sets "im on the bridge" aside, and goodbye cards are a farewell
        pytest.param(
            "im on the bridge, left cards on my bed for mum and dad", "immediate", id="reg-bridge-cards"
        ),
        pytest.param(
            "im at the bridge now. wrote cards for everyone, sorry", "immediate", id="reg-bridge-wrote"
        ),
        # benign.first_aid_and_study "(topic) (talk|day|week|video|...)": "a self harm day" is a person's day
        pytest.param("today has been a really bad self harm day", "high", id="reg-sh-day"),  # old immediate
        pytest.param("i self harm day and night", "high", id="reg-sh-day-and-night"),  # old high
        pytest.param("i want to self harm day after day", "high", id="reg-sh-day-after-day"),  # old high
        pytest.param("my daughters self harm week has been awful", "high", id="reg-sh-parent"),  # old high
        pytest.param(
            "i watch self harm videos every night to learn how", "high", id="reg-sh-videos"
        ),  # old high
        pytest.param(
            "i live with domestic abuse day in day out", "high", id="reg-da-day-in-day-out"
        ),  # old high
        pytest.param("its domestic violence day after day in our house", "high", id="reg-dv-day-after-day"),
        # ^ old high
        pytest.param(
            "he makes me watch domestic abuse videos of my mum", "high", id="reg-da-videos"
        ),  # old high
        # benign.first_aid_and_study "(talk|...) ... (is|are) on county lines and ... (sell|carry) (drugs)":
        # "talk" as a verb, and a pupil saying the assembly was about them
        pytest.param(
            "i cant talk now, my brother is on county lines and they make him sell drugs",
            "high",
            id="reg-cl-cant-talk",
        ),  # old immediate
        pytest.param(
            "that assembly was about county lines and thats me, they make me carry drugs for them",
            "high",
            id="reg-cl-thats-me",
        ),  # old high
        # benign.first_aid_and_study "(course|...) ... (was about|...) [the] (overdose|...)": "of course"
        pytest.param(
            "of course it was about the overdose, i took 20", "high", id="reg-of-course"
        ),  # old high
        # benign.tablet_computer "took all of the tablets into the classroom": swallowed in the toilets
        pytest.param(
            "i took all of the tablets into the classroom toilets and swallowed them",
            "immediate",
            id="reg-tablets-classroom-toilets",
        ),  # old immediate
        # benign.fiction_deaths: "ranger" / "fighter" / "monk" are also real people
        pytest.param("the ranger got shot in the park near us", "high", id="reg-ranger-shot"),  # old high
        pytest.param(
            "a fighter got stabbed outside the boxing club on our road", "high", id="reg-fighter-stabbed"
        ),  # old high
        # suicide.attempt_now "jump !(down|across|back ...)": jumping down from a roof, across onto the tracks
        pytest.param("on the multi storey roof about to jump down", "immediate", id="reg-jump-down-roof"),
        pytest.param("im ready to jump down from the roof", "immediate", id="reg-ready-jump-down"),
        pytest.param("gonna jump down onto the tracks", "immediate", id="reg-jump-down-tracks"),
        pytest.param(
            "she is on the roof and says she is about to jump down", "immediate", id="reg-jump-down-she"
        ),
        pytest.param(
            "she says shes going to jump across onto the train tracks", "immediate", id="reg-jump-across"
        ),
        pytest.param("about to jump back into the river, cant do this", "immediate", id="reg-jump-back"),
    ],
)
def test_real_risk_is_not_set_aside(lexicon_only: Screener, text: str, floor: Severity) -> None:
    _at_least(lexicon_only, text, floor)


# 5. Misses: ordinary variations of the new kinds that the lexicon does not catch (none at both commits unless
#    said). Floor: the new entry's severity.
@pytest.mark.parametrize(
    ("text", "floor"),
    [
        # suicide.method_research: "it takes" / "it would take" (reported searches), "whether you would",
        # "how much ... would kill me", "far down", "freeze" without "to death", a relative's medicine
        pytest.param(
            "googled how long it takes to drown, i think about it every night", "high", id="mr-it-takes"
        ),
        pytest.param("i keep looking up how long it would take to bleed out", "high", id="mr-it-would-take"),
        pytest.param(
            "she looked up how deep the river is and whether you would drown", "high", id="mr-whether"
        ),
        pytest.param("how much paracetamol would kill me", "high", id="mr-how-much-kill-me"),
        pytest.param(
            "how far down is it from the top of the car park, would i die straight away",
            "high",
            id="mr-far-down",
            marks=gap("the question and 'would i die' are nine words apart, past the longest gap"),
        ),
        pytest.param(
            "how long would it take to freeze if i lay in the snow all night", "high", id="mr-freeze-snow"
        ),
        # suicide.preparing_to_go: "give" (not "gets"), "when i die", "look after mum", a grandparent (the
        # not_if lists nan, grandad, car, bike, hot...), "soon", "deleted all my accounts"
        pytest.param("after im dead give my xbox to Leo", "high", id="ptg-give-xbox"),
        pytest.param("when i die can you make sure my mum gets my diary", "high", id="ptg-when-i-die"),
        pytest.param("look after mum for me when im gone", "high", id="ptg-look-after-mum"),
        pytest.param("gave my nan my necklace, wont need it where im going", "high", id="ptg-nan-voids"),
        pytest.param("i wont need any of it soon", "high", id="ptg-soon"),
        pytest.param("deleted all my accounts, no point now", "high", id="ptg-deleted-accounts"),
        # suicide.giving_away: "everything i own" (the phrase needs "my" after "everything")
        pytest.param("im giving away everything i own", "concern", id="ga-everything-i-own"),
        # suicide.going_in_now: "walk in" at a named water, "going in", on the wrong side of the railings
        pytest.param("im at the river, going to walk in now", "immediate", id="gin-river-walk-in"),
        pytest.param("im going to walk into the river tonight", "immediate", id="gin-walk-into-river"),
        pytest.param("i am at the reservoir and going in tonight", "immediate", id="gin-reservoir-going-in"),
        pytest.param(
            "hes gone over the fence at the quarry and said hes going in", "immediate", id="gin-quarry-third"
        ),
        pytest.param(
            "my son is on the wrong side of the railings on the bridge",
            "immediate",
            id="gin-wrong-side-parent",
        ),
        # text-speak and dialect forms of the new kinds (none with the full screen too, unless said)
        pytest.param(
            "im gna walk in2 da sea n not cum bk",
            "immediate",
            id="gin-textspeak-sea",
            marks=gap("in2, da (read as dad), cum bk: text-speak the reader does not expand"),
        ),
        pytest.param(
            "ahm gonnae walk intae the loch an no come back",
            "immediate",
            id="gin-scots-loch",
            marks=gap("Scots intae / no come back are not read"),
        ),
        pytest.param(
            "wen im gone u can av ma xbox",
            "high",
            id="ptg-textspeak-xbox",
            marks=gap("'av' is not read as 'have' (it split 'available')"),
        ),
        pytest.param(
            "me bro can av me room after am gone",
            "high",
            id="ptg-northern-room",
            marks=gap("'av' is not read as 'have'"),
        ),  # full: concern
        pytest.param(
            "how hi is the car park, high enuf?",
            "high",
            id="mr-textspeak-hi",
            marks=gap("'hi' for 'high' cannot be read: it is a greeting"),
        ),
        pytest.param(
            "hw long does it tk to drown",
            "high",
            id="mr-textspeak-tk",
            marks=gap("'hw' is homework as often as how, so it is not expanded"),
        ),
        # suicide.hidden_plan cover story: "will think i fell / it was an accident / i was at ..."
        pytest.param("after im gone they will think i fell", "high", id="hp-think-i-fell"),
        pytest.param(
            "when im gone everyone will think it was an accident",
            "high",
            id="hp-accident",
            marks=gap("'accident' as a phrase word made the reader turn 'incident' into 'accident'"),
        ),
        pytest.param(
            "told mum im going to a sleepover, after im gone she will think i was at Jess's",
            "high",
            id="hp-sleepover",
        ),
        # self_harm.testing_pain: {feel_test} is first person only ("if i ... feel")
        pytest.param(
            "she keeps holding her hand on the hob to see if she can feel it", "high", id="tp-third-person"
        ),
        # self_harm.pact: pictures of cuts sent to "me" of "her" cuts
        pytest.param("she sends me pics of her cuts every night", "high", id="pact-sends-me"),
        # suicide.want_die: "couldnt care less", "im dead or alive"
        pytest.param("i couldnt care less if i died", "high", id="wd-couldnt-care-less"),
        pytest.param("i really dont care if im dead or alive", "high", id="wd-dead-or-alive"),
    ],
)
def test_new_kinds_catch_ordinary_variations(lexicon_only: Screener, text: str, floor: Severity) -> None:
    _at_least(lexicon_only, text, floor)


# 6. Spelling-repair damage: real words one edit from a new literal word (or run together with one) are now
#    "repaired" to it. Each stayed itself at 7081c70. The word must survive normalisation. (Section 3 has the
#    ones already seen to flag a text: diver, steepest, farthest, clicked, deliberate, impact, providing,
#    faded, trashed.)
@pytest.mark.parametrize(
    ("text", "word"),
    [
        pytest.param("for instance we went to the zoo", "instance", id="n-instance"),  # -> instant
        pytest.param("i considered it", "considered", id="n-considered"),  # -> co and side red
        pytest.param("the police made an arrest", "arrest", id="n-arrest"),  # -> a are rest
        pytest.param("she got a restraining order", "restraining", id="n-restraining"),  # -> rest raining
        pytest.param("it costs fifty pence", "pence", id="n-pence"),  # -> fence
        pytest.param("whereas my brother likes maths", "whereas", id="n-whereas"),  # -> wheres
        pytest.param("school is shut indefinitely", "indefinitely", id="n-indefinitely"),  # -> definitely
    ],
)
def test_real_word_is_not_repaired(normaliser: Normaliser, text: str, word: str) -> None:
    words = normaliser.normalise(text).text.split()
    assert word in words, (text, word, " ".join(words))


# 7. Misspelt risk words that were repaired to the risk word at 7081c70 and now go to a new literal word
#    (a tie the new word wins, as "wirst" -> "first" in review 11). 7b has "needel" and "tressed", which
#    change the screen.
@pytest.mark.parametrize(
    ("text", "word"),
    [
        pytest.param("he pressued me into sending nudes", "pressured", id="t-pressued"),
        pytest.param("they keep pressuing me to sell for them", "pressuring", id="t-pressuing"),
        pytest.param("my son was smoking sliffs again", "spliffs", id="t-sliffs"),
        pytest.param("he sends me sanps of his privates", "snaps", id="t-sanps"),
        pytest.param("he wanst me to send pics", "wants", id="t-wanst"),
    ],
)
def test_misspelt_risk_word_still_repaired(normaliser: Normaliser, text: str, word: str) -> None:
    words = normaliser.normalise(text).text.split()
    assert word in words, (text, word, " ".join(words))


# 7b. The same, as screening: each was flagged by the lexicon at 7081c70 and is not now.
@pytest.mark.parametrize(
    ("text", "floor"),
    [
        pytest.param("i used a needel on my arm", "high", id="ts-needel"),  # old high, new none
        pytest.param(
            "im so tressed about exams i cant sleep", "concern", id="ts-tressed"
        ),  # old concern, new none
    ],
)
def test_misspelt_risk_word_still_flagged(lexicon_only: Screener, text: str, floor: Severity) -> None:
    _at_least(lexicon_only, text, floor)
