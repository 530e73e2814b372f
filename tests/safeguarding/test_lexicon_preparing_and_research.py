"""New lexicon kinds: researching a method or how deadly a place is, preparing to be gone, being at a place
and going in / over / off now, self-harm by testing pain, self-harm pacts, and everyday texts that share words
with risk (the bridge club, a first aid course, library tablets, a D&D stabbing, a county lines talk, a pike,
"the stump"). Each kind has positives (the lexicon itself must catch them, not only the learned model) and
everyday contrasts that use the same words innocently.

These tests were written before the lexicon change, by someone who has not seen it. Every text here is
invented; every name is fictional.
"""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding import SEVERITY_ORDER, Severity

from .lexicon_checks import check_contrast as _check_contrast
from .lexicon_checks import check_positive as _check_positive
from .lexicon_checks import gap as _gap
from .lexicon_checks import lexicon_matches as _lexicon_matches


def _check_lexicon_floor(text: str, floor: Severity, categories: set[str]) -> None:
    """The lexicon's own hit in the category reaches ``floor`` by itself: the learned model (which may raise a
    text) must not be what carries a ``high`` kind there."""
    own = [m for m in _lexicon_matches(safeguarding.screen(text)) if m.category in categories]
    best = max((SEVERITY_ORDER[m.severity] for m in own), default=-1)
    assert best >= SEVERITY_ORDER[floor], (text, floor, [(m.severity, m.entry_id) for m in own])


# A "high" kind may be screened "immediate" as a whole: the learned model, an immediacy cue or an existing
# farewell rule may raise it, and that is never wrong for these texts. The lexicon's own hit must be "high".
HIGH_OR_ABOVE = {"high", "immediate"}


def _model_false_alarm(tops: str) -> pytest.MarkDecorator:
    return _gap(
        f"learned-screen false alarm ({tops}) with no lexicon hit to set aside: the model decides alone "
        "there, so no lexicon entry or benign rule can lower it; left to the next model"
    )


# A contrast is "none" unless marked "concern" (a real, lesser worry is fair to note).
NONE: Severity = "none"
CONCERN: Severity = "concern"


# --- 1. Researching a method or how deadly a place is -> high (suicide) -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "how tall is the car park on Ship Street, is 7 floors high enough", id="car-park-high-enough"
        ),
        pytest.param(
            "which bit of the river by the old mill is deepest, i dont want to be able to stand up",
            id="river-deepest-cant-stand",
        ),
        pytest.param(
            "how deep is the quarry at Hollin Edge, would i hit the bottom or just sink",
            id="quarry-would-i",
        ),
        pytest.param(
            "how fast do the trains go through Marsh Lane when they dont stop, would it be quick",
            id="trains-would-it-be-quick",
            marks=_gap(
                "the question and 'would it be quick' are 11 words apart, past the lexicon's longest gap (8)"
            ),
        ),
        pytest.param("how long does it take to drown. serious question", id="drown-serious"),
        pytest.param("how long does it take to bleed out from your wrist", id="bleed-out-wrist"),
        pytest.param("looked up how many of my sertraline would kill me", id="looked-up-sertraline"),
        pytest.param("googled how many co-codamol it takes to kill u", id="googled-co-codamol"),
        pytest.param(
            "hw tall is the flats on Ravens Rd, is 12 floors enuf",
            id="flats-textspeak",
            marks=_gap(
                "'hw' is homework as often as how: not expanded, and 'hw' sets the research entry aside"
            ),
        ),
        pytest.param(
            "Please which part of the harbour is most deep? I want go there where nobody find me",
            id="harbour-second-language",
        ),
        pytest.param(
            "I found on my son's laptop he searched how deep is the reservoir and how long to drown",
            id="reservoir-parent",
        ),
        pytest.param(
            "A Year 9 pupil showed me her search history: how high does a bridge need to be to die",
            id="bridge-staff",
        ),
        pytest.param("is the pier high enough if the tide is out", id="pier-tide-out"),
        pytest.param("how many floors do u need to fall from to not survive", id="floors-not-survive"),
        pytest.param(
            "been reading how cold the reservoir gets in december and how quick you would go under",
            id="reservoir-go-under",
        ),
        pytest.param(
            "sorry this is long, mum and dad were screaming again, i just sat in my room on my phone for "
            "hours, i kept looking up the old railway bridge, how tall it is, and if thats high enough, i "
            "dont even know why im telling you",
            id="railway-bridge-ramble",
        ),
        pytest.param(
            "how deep's t' canal by t' lock, would it be deep enough for us like", id="canal-dialect"
        ),
        pytest.param("how much blood can u lose before u pass out and dont wake up", id="blood-dont-wake-up"),
        pytest.param(
            "whats the deepest bit of Carrow reservoir, want to know how far out to walk",
            id="reservoir-how-far-to-walk",
        ),
        pytest.param(
            "quarry. how deep. would i",
            id="quarry-fragment",
            marks=_gap(
                "ends on 'would i' with no verb: the lexicon cannot tell it from 'would i need a coat'"
            ),
        ),
        pytest.param("is 40 metres high enough to die from", id="forty-metres"),
        pytest.param(
            "my mate Kayla keeps asking me how fast the trains are at Dunmore crossing and if you would "
            "feel it",
            id="trains-friend",
        ),
    ],
)
def test_research_method_or_place_positive(text: str) -> None:
    _check_positive(text, HIGH_OR_ABOVE, {"suicide"})
    _check_lexicon_floor(text, "high", {"suicide"})


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("im on the car park roof now, how tall is it, is 6 floors enough", id="roof-now"),
        pytest.param("stood by the reservoir rn, which bit is deepest", id="reservoir-rn"),
        pytest.param(
            "going to the quarry after school today, how deep is it, would i drown", id="quarry-today"
        ),
        pytest.param(
            "on the platform at Marsh Lane now, how fast do the trains come thru here, would it hurt",
            id="platform-now",
        ),
        pytest.param(
            "at the harbour wall, tide is in, which side is deepest, doing it now", id="harbour-now"
        ),
        pytest.param(
            "tonight im going to the bridge, is 30m high enough",
            id="bridge-tonight",
            marks=_gap(
                "'30m' is one token, so 'is 30m high enough' has no number or unit word the phrase can read"
            ),
        ),
    ],
)
def test_research_with_being_there_now_is_immediate(text: str) -> None:
    _check_positive(text, {"immediate"}, {"suicide"})


RESEARCH_CONTRASTS = [
    pytest.param("how tall is the Shard, its for my geography homework", NONE, id="shard-homework"),
    pytest.param(
        "which bit of the river is deepest for chub, going fishing with grandad on sat",
        NONE,
        id="river-fishing",
    ),
    pytest.param(
        "how deep is the deep end at the leisure centre, got my 25m badge test",
        NONE,
        id="deep-end-badge",
    ),
    pytest.param(
        "how tall is the church tower, we are doing a project on the village", NONE, id="tower-project"
    ),
    pytest.param(
        "how fast are the trains on the new line gonna go, its for my stem club poster",
        NONE,
        id="trains-stem-poster",
    ),
    pytest.param("is 5 pounds a week enough pocket money for a 13 year old?", NONE, id="pocket-money"),
    pytest.param(
        "how deep is the reservoir? we are doing the water cycle and Miss said find out",
        NONE,
        id="reservoir-water-cycle",
    ),
    pytest.param(
        "which bit of the harbour is deepest for mooring, dads got a little boat", NONE, id="harbour-boat"
    ),
    pytest.param(
        "lifeguard course said it only takes 20 seconds for a little one to drown so always watch them",
        NONE,
        id="lifeguard-course",
    ),
    pytest.param(
        "how tall is the viaduct, we are walking under it on the DofE hike", NONE, id="viaduct-dofe"
    ),
    pytest.param("is that enough? i mean the 10 pounds for the school trip", NONE, id="is-that-enough-trip"),
    pytest.param(
        "the quarry was so deep on the field trip, you could see all the rock layers",
        NONE,
        id="quarry-field-trip",
    ),
    pytest.param(
        "how fast do trains go, my little brother wont stop asking me",
        NONE,
        id="trains-little-brother",
        marks=_model_false_alarm('concern; top features "asking me", "not stop"'),
    ),
    pytest.param(
        "looked up how many calories is enough on a match day, coach said eat more",
        NONE,
        id="calories",
        marks=_model_false_alarm('high; top features "how many", "calories", "enough"'),
    ),
    pytest.param(
        "the nurse told us how many paracetamol would be too many for a child so we keep them locked up",
        CONCERN,
        id="paracetamol-locked-up-parent",
        # earlier models raised it to high; screen-v20 keeps it at concern
    ),
    pytest.param("how high is Snowdon, we are climbing it on saturday", NONE, id="snowdon"),
    pytest.param("went up the Spinnaker tower, is it taller than Blackpool tower?", NONE, id="tower-tourism"),
    pytest.param(
        "how long does it take to bleed a radiator, the one in my room is cold",
        NONE,
        id="bleed-radiator",  # screen-v13 to v17 read it as a concern; screen-v18 does not
    ),
]


@pytest.mark.parametrize(("text", "ceiling"), RESEARCH_CONTRASTS)
def test_research_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 2. Preparing to be gone -> high (suicide) -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("giving all my games away this week, wont need them", id="games-wont-need"),
        pytest.param("my sister can have my room when im gone", id="room-when-gone"),
        pytest.param("Maya can have my stuff if im not here anymore", id="stuff-not-here"),
        pytest.param(
            "cancelled my dentist and my hair appointment for after the 20th. no point",
            id="cancelled-after-20th",
        ),
        pytest.param("wont need my bus pass after friday", id="bus-pass-after-friday"),
        pytest.param(
            "can u look after my hamster after. hes called Biscuit, he likes cucumber",
            id="hamster-after",
            marks=_gap(
                "'after' with nothing after it: the lexicon cannot tell it "
                "from 'after school' said the day before"
            ),
        ),
        pytest.param(
            "asked next door to feed the cat after im gone, she thinks im going on holiday",
            id="cat-after-gone",
        ),
        pytest.param(
            "bought a one way ticket to the cliffs at Gull Head, going alone, bye everyone",
            id="one-way-cliffs-bye",
        ),
        pytest.param(
            "ticket for one to the top of the tower at the weekend. this is goodbye", id="ticket-for-one"
        ),
        pytest.param(
            "givin all ma clothes 2 my cuz, she can hav em wen im not here",
            id="clothes-textspeak",
            marks=_gap(
                "'em' is not read as 'them': in Vietnamese English 'em' is 'I' ('em hiding in toilet')"
            ),
        ),
        pytest.param(
            "My little brother can take my PlayStation when I am not here anymore. I already told him.",
            id="playstation-second-language",
        ),
        pytest.param(
            "my daughter has been giving her jewellery and makeup away to friends and said she wont need "
            "it after half term",
            id="jewellery-parent",
        ),
        pytest.param(
            "A Year 10 boy has given his football boots away and told a friend his brother can have his "
            "room when he is gone",
            id="boots-staff",
            marks=_gap(
                "someone else's 'when he is gone' is left to the model: the lexicon read a dad's watch"
            ),
        ),
        pytest.param(
            "cancelled my phone contract from the 3rd. wont need it after that", id="phone-contract"
        ),
        pytest.param(
            "giving away my guitar and all my books, its fine, i wont be needing them", id="guitar-books"
        ),
        pytest.param("if im not around, make sure Pepper gets walked twice a day", id="dog-not-around"),
        pytest.param(
            "today was weird, i felt calm for once, i gave Ellis my headphones and Poppy my hoodies and told "
            "them to keep them forever, and i sorted out who is going to have the rabbit after, i think its "
            "better this way",
            id="rabbit-after-ramble",
        ),
        pytest.param(
            "our kid can av me room n me telly wen am gone",
            id="room-dialect",
            marks=_gap(
                "'av' for 'have' is not read: as a known word it let the reader split 'available' into "
                "'av ail able' and 'navratri' into 'n av rat ri'"
            ),
        ),
        pytest.param(
            "cancelled my driving lessons from next month. wont be around for them", id="driving-lessons"
        ),
        pytest.param(
            "my room is yours after. dont argue",
            id="room-yours-after",
            marks=_gap("'after' with nothing after it, as above"),
        ),
        pytest.param(
            "leaving my savings to my little sister, she should have it when im gone", id="savings-sister"
        ),
        pytest.param(
            "i want my friend Rosie to have my sketchbooks when i am no longer here, please tell her",
            id="sketchbooks-no-longer-here",
        ),
        pytest.param(
            "sorted it all out. the cat, my stuff, my passwords. feels lighter now",
            id="sorted-it-all-out",
            marks=_gap(
                "no word says gone, after or not here: reads the same as a tidy-up, so only the model "
                "can weigh it"
            ),
        ),
    ],
)
def test_preparing_to_be_gone_positive(text: str) -> None:
    _check_positive(text, HIGH_OR_ABOVE, {"suicide"})
    _check_lexicon_floor(text, "high", {"suicide"})


PREPARING_CONTRASTS = [
    pytest.param(
        "giving all my old toys to the charity shop, mum said i have too many", NONE, id="toys-charity"
    ),
    pytest.param("my sister can have my room when i move out to uni in september", NONE, id="room-uni"),
    pytest.param(
        "cancelled my gym contract from next month to save money",
        NONE,
        id="gym-contract",
    ),
    pytest.param(
        "we are rehoming our cat cos my little brother is allergic, so sad", CONCERN, id="cat-allergies"
    ),
    pytest.param("giving my old games to my cousin, ive finished them all", NONE, id="games-cousin"),
    pytest.param(
        "wont need my coat after today, its boiling out",
        NONE,
        id="coat-boiling",
        marks=_model_false_alarm('immediate; top features "will not", "after today"'),
    ),
    pytest.param("next door is feeding the cat while we go to spain", NONE, id="cat-spain"),
    pytest.param(
        "one ticket to the top of Blackpool tower please, going alone cos my mates are at work lol",
        NONE,
        id="tower-alone-tourist",
    ),
    pytest.param("Jack can have my room when im at dads for the summer", NONE, id="room-dads-summer"),
    pytest.param("cancelled the dentist from the 12th cos we are away", NONE, id="dentist-away"),
    pytest.param("gave my old phone to nan, shes finally on whatsapp", NONE, id="phone-nan"),
    pytest.param(
        "when im gone on the school trip can u feed my fish",
        NONE,
        id="gone-school-trip",
        # earlier models raised it to concern; screen-v20 does not
    ),
    pytest.param(
        "when im not here at weekends my mum looks after my hamster",
        NONE,
        id="not-here-weekends",
        marks=_model_false_alarm('concern; top features "at weekends", "not here"'),
    ),
    pytest.param(
        "my stuff is going in storage when we move, wont need it for a bit",
        NONE,
        id="storage-move",
        marks=_model_false_alarm('high; top features "will not need", "need it"'),
    ),
    pytest.param(
        "clearing out my room, all my clothes that dont fit are going to the uniform swap",
        NONE,
        id="uniform-swap",
    ),
    pytest.param(
        "Nan wrote her will and said I can have her rings when she is gone",
        NONE,
        id="nan-will",
        marks=_model_false_alarm('high; top features "and said", "gone"'),
    ),
]


@pytest.mark.parametrize(("text", "ceiling"), PREPARING_CONTRASTS)
def test_preparing_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 3. At a place and going in / over / off now -> immediate (suicide) -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("went under the fence at the quarry, gonna walk in", id="quarry-walk-in"),
        pytest.param("ill go over the side when the boat gets to the middle", id="boat-over-side"),
        pytest.param(
            "walking out to the sea, the tides coming in, i want it to stop", id="sea-tide-want-it-to-stop"
        ),
        pytest.param(
            "no helmet, going full throttle off the top of the hill, dont care if i die",
            id="no-helmet-throttle",
        ),
        pytest.param(
            "climbed the railing on the bridge. ill go over when the next car passes", id="railing-go-over"
        ),
        pytest.param("im in the water at the reservoir, not coming back out", id="reservoir-not-coming-back"),
        pytest.param("went ova the fence @ the lake, jus gonna keep walkin in", id="lake-textspeak"),
        pytest.param(
            "I am on the beach now and I walk in the sea, I don't come back", id="beach-second-language"
        ),
        pytest.param(
            "My son just rang me from the pier saying he is going to go over the side, he is crying",
            id="pier-parent",
        ),
        pytest.param(
            "A pupil has texted a friend that she is past the fence at the cliff edge and will go off it",
            id="cliff-staff",
        ),
        pytest.param(
            "sat on the edge of the multi storey roof, legs over, ill go when i stop shaking",
            id="multi-storey-legs-over",
        ),
        pytest.param(
            "on my bike no helmet doing 60 down Crag Lane, gonna go off the bend, want to die",
            id="bike-off-bend",
        ),
        pytest.param("am stood in t' river up to me waist, gonna keep gannin", id="river-dialect"),
        pytest.param("in the sea. going deeper. bye", id="sea-fragment"),
        pytest.param(
            "i didnt go to school, i got the bus to the coast instead and ive been sat on the sand for "
            "ages, the tide is coming in fast now and im just going to walk out into it, i want everything "
            "to stop, sorry",
            id="coast-ramble",
        ),
        pytest.param("climbed over the barrier at the dam, ill jump when its dark", id="dam-when-dark"),
    ],
)
def test_going_in_over_off_now_positive(text: str) -> None:
    _check_positive(text, {"immediate"}, {"suicide"})


GOING_IN_CONTRASTS = [
    pytest.param("going for a swim at the lido, the water is freezing", NONE, id="lido"),
    pytest.param(
        "on the ferry to the isle of wight, my little brother wants to go over the side to see the "
        "dolphins lol",
        NONE,
        id="ferry-dolphins",
    ),
    pytest.param(
        "motocross race on sunday, full kit on, helmet, going full throttle off the big jump",
        NONE,
        id="motocross",
    ),
    pytest.param("wading out for crabs at low tide with my cousins", NONE, id="crabs"),
    pytest.param(
        "walking out to the sea at low tide to see the seals, the guide said watch the tide",
        NONE,
        id="seals-low-tide",
    ),
    pytest.param(
        "went under the fence to get our football back, the caretaker shouted at us",
        NONE,
        id="fence-football",
    ),
    pytest.param(
        "my dad goes in the sea every new years day, hes mad",
        NONE,
        id="new-year-dip",
    ),
    pytest.param("paddleboarding on the lake, fell in twice lol", NONE, id="paddleboard"),
    pytest.param("the tide was coming in so we walked back to the car", NONE, id="tide-walked-back"),
    pytest.param(
        "jumped off the pier at the regatta with the swim club, lifeguards everywhere",
        CONCERN,
        id="pier-regatta",
    ),
    pytest.param("BMX park today, forgot my helmet, mum was fuming", NONE, id="bmx-helmet"),
    pytest.param("i went in the sea up to my waist, so cold", NONE, id="sea-waist"),
]


@pytest.mark.parametrize(("text", "ceiling"), GOING_IN_CONTRASTS)
def test_going_in_over_off_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 4. Self-harm by testing pain -> high, immediate if the injury is severe now (self_harm) ---------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("put my hand on the hob to see if id feel it", id="hob-feel-it"),
        pytest.param(
            "held my palm on the oven ring till it blistered, wanted to see if i could feel anything",
            id="oven-ring-blistered",
        ),
        pytest.param("pressed the iron on my arm to see if id feel it. i didnt really", id="iron-arm"),
        pytest.param("held ice cubes in my fist till it burned and kept going", id="ice-fist"),
        pytest.param("snapping an elastic band on my wrist till it bleeds", id="elastic-band-bleeds"),
        pytest.param("put ma hand on da hob 2 c if i cud feel it", id="hob-textspeak"),
        pytest.param(
            "I put my hand on the cooker fire to check if I still feel the pain", id="cooker-second-language"
        ),
        pytest.param(
            "I found my daughter holding her hand over the gas ring, she said she wanted to feel something",
            id="gas-ring-parent",
        ),
        pytest.param(
            "A student has marks on her wrist from snapping a hair bobble on it until it bled",
            id="hair-bobble-staff",
        ),
        pytest.param(
            "kept an ice pack on my leg till the skin went white and stung, did it on purpose",
            id="ice-pack-on-purpose",
        ),
        pytest.param("burnt myself on the straighteners on purpose to see if it hurt", id="straighteners"),
        pytest.param(
            "idk why im telling you this but last night when everyone was asleep i went downstairs and "
            "turned the hob on and held my fingers on it for as long as i could, i just wanted to know if i "
            "could still feel stuff",
            id="hob-ramble",
        ),
        pytest.param(
            "pressed me arm on t' iron just to see if ad feel owt",
            id="iron-dialect",
            marks=_gap("'ad' for 'i would' is not read: as a known word it turned 'add' into 'ad'"),
        ),
        pytest.param("elastic band. snapped it till there was blood.", id="elastic-fragment"),
    ],
)
def test_testing_pain_positive(text: str) -> None:
    _check_positive(text, HIGH_OR_ABOVE, {"self_harm"})
    _check_lexicon_floor(text, "high", {"self_harm"})


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "just held my hand on the hob ring to see if id feel it, the skin has come off and its all white "
            "and wet, it wont stop",
            id="hob-skin-off",
        ),
        pytest.param(
            "just pressed the iron on my leg to feel it, the burn is bigger than my hand and the skin is "
            "peeling off right now",
            id="iron-skin-peeling",
        ),
    ],
)
def test_testing_pain_severe_now_is_immediate(text: str) -> None:
    _check_positive(text, {"immediate"}, {"self_harm"})


TESTING_PAIN_CONTRASTS = [
    pytest.param("burnt my hand on the oven by accident getting the pizza out", NONE, id="oven-accident"),
    pytest.param("cooking lesson today, we learnt how to use the hob safely", NONE, id="cooking-lesson"),
    pytest.param("did the ice bucket challenge for charity, so cold", NONE, id="ice-bucket"),
    pytest.param(
        "the iron was still hot and i caught my arm on it, ran it under the tap", NONE, id="iron-accident"
    ),
    pytest.param("my elastic band snapped while i was doing my hair", NONE, id="elastic-hair"),
    pytest.param("held ice on my ankle after football like the physio said", NONE, id="ice-ankle"),
    pytest.param(
        "hold your hand over the hob to see if its warm before you do the pancakes",
        NONE,
        id="hob-pancakes",
    ),
    pytest.param("my hand went numb holding the ice lolly, couldnt feel it lol", NONE, id="ice-lolly-numb"),
    pytest.param(
        "science: we tested if ice melts faster on the oven ring or in the sun", NONE, id="ice-science"
    ),
    pytest.param(
        "Miss said snapping a band on your wrist isnt a good way to cope, we talked about better ones",
        CONCERN,
        id="pshe-band",
    ),
    # earlier models high (top features "burnt my", "again"); screen-v22 leaves it at none
    pytest.param("the straighteners burnt my neck again, ouch", NONE, id="straighteners-accident"),
    pytest.param("put my hand on the radiator to see if its on, its freezing in here", NONE, id="radiator"),
]


@pytest.mark.parametrize(("text", "ceiling"), TESTING_PAIN_CONTRASTS)
def test_testing_pain_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 5. Self-harm pacts and shared pictures -> high (self_harm) --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("me and Lexi made a pact to cut together", id="pact-cut-together"),
        pytest.param("we send each other pics of our cuts", id="pics-of-cuts"),
        pytest.param("me n my gc hav a pact, we all cut on sundays n send pics", id="gc-textspeak"),
        pytest.param(
            "My friend and me we promise each other to cut us together every week", id="second-language"
        ),
        pytest.param(
            "I found messages on my daughter's phone, she and a girl from school send each other photos of "
            "their cuts",
            id="photos-parent",
        ),
        pytest.param("Two Year 8 girls have told me they have a pact to self harm together", id="pact-staff"),
        pytest.param("we have a group chat where we post our cuts and rate them", id="group-chat-rate"),
        pytest.param("if she cuts i cut, we promised each other", id="if-she-cuts"),
        pytest.param("me an our Shannon swore we'd both cut if either of us did", id="swore-dialect"),
        pytest.param(
            "theres this girl online, weve been talking for months, at first it was just school stuff but "
            "now we send each other photos of our cuts after we do it and she says we are in it together",
            id="online-ramble",
        ),
        pytest.param("made a pact with my best friend to burn ourselves at the same time", id="pact-burn"),
        pytest.param("our cutting pact. 3 weeks now", id="pact-fragment"),
    ],
)
def test_self_harm_pact_positive(text: str) -> None:
    _check_positive(text, HIGH_OR_ABOVE, {"self_harm"})
    _check_lexicon_floor(text, "high", {"self_harm"})


PACT_CONTRASTS = [
    pytest.param(
        "me and Zara made a pact to revise together every night before mocks",
        NONE,
        id="pact-revise",
        marks=_model_false_alarm("screen-v13 concern"),
    ),
    pytest.param("we send each other pics of our haircuts lol", NONE, id="pics-haircuts"),
    pytest.param("we made a pact to never talk to Dylan again", NONE, id="pact-dylan"),
    pytest.param("send me a pic of your new fringe, did she cut it too short", NONE, id="fringe-pic"),
    pytest.param(
        "we all cut our hair short for charity and sent pics to the group chat", NONE, id="charity-hair"
    ),
    pytest.param("me and my friend promised to go to the gym together", NONE, id="gym-promise"),
    pytest.param(
        "dad cut his finger on the bread knife and sent the family chat a pic",
        NONE,
        id="bread-knife",
    ),
    pytest.param("we made a pact to go vegan together for january", NONE, id="pact-vegan"),
    pytest.param("the budget cuts mean no more trips, we sent the head a petition", NONE, id="budget-cuts"),
    pytest.param(
        "got a paper cut off my homework sheet and sent my mate a pic cos its so dramatic",
        NONE,
        id="paper-cut",
    ),
]


@pytest.mark.parametrize(("text", "ceiling"), PACT_CONTRASTS)
def test_self_harm_pact_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 6. Everyday texts that share words with risk -> none -------------------------------------------------


EVERYDAY_SHARED_WORDS = [
    pytest.param("bridge club after school was good, we won 3 rubbers", id="bridge-club-rubbers"),
    pytest.param("nan taught me bridge, the card game, im hooked", id="bridge-card-game"),
    pytest.param(
        "going to bridge club with grandad on thursday, hes the best at bidding", id="bridge-bidding"
    ),
    pytest.param(
        "first aid course at scouts today, it covers overdose, choking and burns", id="first-aid-scouts"
    ),
    pytest.param(
        "our first aid training covers overdose and what to do, got a certificate",
        id="first-aid-certificate",
    ),
    pytest.param(
        "first aid lesson covered what to do if someone has taken an overdose, we practised the "
        "recovery position",
        id="first-aid-recovery-position",
    ),
    pytest.param("put the tablets back on the library trolley for Mrs Okafor", id="tablets-library-trolley"),
    pytest.param("the school tablets have to go back on the trolley in the library by 3", id="tablets-by-3"),
    pytest.param(
        "Reminder to staff: all tablets go back on the library trolley after period 5",
        id="tablets-staff-reminder",
    ),
    pytest.param("Hi, my son left his tablet at school, is it on the library trolley?", id="tablet-parent"),
    pytest.param("my D&D character got stabbed by a goblin, hes on 2 hp", id="dnd-goblin"),
    pytest.param(
        "in dnd last night my rogue got stabbed and died, gutted, rolling a new one", id="dnd-rogue"
    ),
    pytest.param("the dungeon master had an orc stab my wizard lol", id="dnd-orc"),
    pytest.param(
        "police came in and did a talk on county lines, it was actually interesting",
        id="county-lines-talk",
    ),
    pytest.param(
        "assembly today was about county lines and how gangs try to get kids to carry stuff",
        id="county-lines-assembly",
        marks=_model_false_alarm(
            "immediate; a rule for 'assembly today was about county lines' also hid the writer's own part "
            "a word or two later (review12, review13), so there is none"
        ),
    ),
    pytest.param("my dad says the pike in the canal would take your fingers off", id="pike-canal"),
    pytest.param(
        "caught a pike at the reservoir with grandad, it would take your fingers off if you let it",
        id="pike-reservoir",
    ),
    pytest.param(
        "we climbed the stump on the history walk, thats what everyone calls the church tower",
        id="stump-history-walk",
    ),
    pytest.param("the view from the top of the stump is mint, you can see the whole town", id="stump-view"),
    pytest.param("how tall is the stump? we need it for our local history quiz", id="stump-how-tall-quiz"),
    pytest.param(
        "Dear parents, the Year 8 trip to the stump (the church tower) is on Friday, please send a "
        "packed lunch",
        id="stump-trip-letter",
    ),
    pytest.param(
        "bridge tournament in the school hall tonight, me and Hamza are partners", id="bridge-tonight"
    ),
]


@pytest.mark.parametrize("text", EVERYDAY_SHARED_WORDS)
def test_everyday_shared_words_stay_none(text: str) -> None:
    _check_contrast(text, NONE)


# --- The lexicon alone on every contrast -------------------------------------------------------------------
# A contrast marked as a model false alarm fails whatever the lexicon does, so its mark would hide a new
# lexicon false alarm on the same text. Here the lexicon's own hits on every contrast (marks dropped) must
# stay at or below the ceiling, whatever the model says.


def _unmarked(
    kind: str, params: list[object], ceiling: Severity | None = None, gaps: dict[str, str] | None = None
) -> list[object]:
    out: list[object] = []
    for p in params:
        assert isinstance(p, type(pytest.param("")))
        values = (*p.values, ceiling) if ceiling is not None else p.values
        reason = (gaps or {}).get(str(p.id))
        marks = [_gap(reason)] if reason else []
        out.append(pytest.param(*values, id=f"{kind}-{p.id}", marks=marks))
    return out


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        *_unmarked("research", RESEARCH_CONTRASTS),
        *_unmarked("preparing", PREPARING_CONTRASTS),
        *_unmarked("going-in", GOING_IN_CONTRASTS),
        *_unmarked("testing-pain", TESTING_PAIN_CONTRASTS),
        *_unmarked("pact", PACT_CONTRASTS),
        *_unmarked(
            "shared-words",
            EVERYDAY_SHARED_WORDS,
            NONE,
            gaps={
                "county-lines-assembly": "a benign rule for a county lines assembly also set aside 'that "
                "assembly about county lines ... thats me' (review12, review13), so there is none"
            },
        ),
    ],
)
def test_the_lexicon_alone_stays_under_the_ceiling(text: str, ceiling: Severity) -> None:
    own = _lexicon_matches(safeguarding.screen(text))
    assert all(SEVERITY_ORDER[m.severity] <= SEVERITY_ORDER[ceiling] for m in own), (
        text,
        [(m.severity, m.entry_id) for m in own],
    )
