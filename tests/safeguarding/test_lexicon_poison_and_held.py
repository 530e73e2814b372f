"""New lexicon kinds: poison or chemicals swallowed, a named medicine in overdose (minimised), objects
swallowed, a method with a time in minutes, held or trapped now, not waking after drink or drugs, and threats
to others with a named weapon or arson. Each kind has positives (the lexicon itself must catch them, not only
the learned model) and everyday contrasts that use the same words innocently.

Every text here is invented for these tests.
"""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding import Severity

from .lexicon_checks import check_contrast as _check_contrast
from .lexicon_checks import check_positive as _check_positive
from .lexicon_checks import gap as _gap
from .lexicon_checks import lexicon_matches as _lexicon_matches

# A contrast is "none" unless marked "concern" (a real, lesser worry is fair to note).
NONE: Severity = "none"
CONCERN: Severity = "concern"


# --- 1. Poison or a household chemical swallowed -> immediate (suicide or self_harm) -----------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("just drank weedkiller from dads shed", id="weedkiller-terse"),
        pytest.param("i ate a handful of slug pellets so i dont have to wake up tmrw", id="slug-pellets"),
        pytest.param("ive swallowed rat poison. sorry", id="rat-poison-sorry"),
        pytest.param("DRANK BLEACH I FEEL SICK", id="bleach-caps"),
        pytest.param(
            "me mate Kaiden's just necked drain cleaner behind the chippy, wot do i do",
            # suicide.cleaner_taken (twentieth session): "drain" only in also_needs, never a repair target
            id="drain-cleaner-friend",
        ),
        pytest.param(
            "my daughter Ellie has drunk antifreeze from the garage, she is 14", id="antifreeze-parent"
        ),
        pytest.param("had some screenwash out the boot of mums car to end it", id="screenwash"),
        pytest.param("i ate the stuff for the cockroaches", id="cockroach-stuff"),
        pytest.param(
            "sorry to bother you, ive had a rubbish week, school was awful and mum is away again, anyway i "
            "swallowed some of the ant poison about ten mins ago",
            id="ant-poison-long-preamble",
            marks=_gap('"the ant poison": no pest word before {poison} ("ant" splits names: "Antonia")'),
        ),
        pytest.param(
            "drnk sum bleech lol dont tell any1",
            id="bleach-typos",
            marks=_gap('"drnk sum bleech": three misspellings in four words are past spelling repair'),
        ),
        pytest.param(
            "our Jade's gone and drunk the weedkiller, shes sat in the kitchen crying",
            id="weedkiller-dialect",
        ),
    ],
)
def test_poison_swallowed_positive(text: str) -> None:
    _check_positive(text, {"immediate"}, {"suicide", "self_harm"})


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        pytest.param("helping grandad put slug pellets round his lettuces", NONE, id="slug-pellets-garden"),
        pytest.param(
            "mum made me clean the bathroom with bleach, stinks in here", NONE, id="bleach-cleaning"
        ),
        pytest.param(
            "do slug pellets hurt hedgehogs? its for my science project", NONE, id="slug-pellets-hedgehogs"
        ),
        pytest.param("dad bought rat poison cos theres mice in the loft", NONE, id="rat-poison-loft"),
        pytest.param(
            "poured drain cleaner down the sink and its still blocked",
            NONE,
            id="drain-cleaner-sink",
            # screen-v11 to v19 raised it; screen-v20 does not
        ),
        pytest.param("topped up the screenwash for my mum before her long drive", NONE, id="screenwash-car"),
        pytest.param(
            "we had cockroaches in the flat so the council came with spray", NONE, id="cockroach-council"
        ),
        pytest.param(
            "antifreeze is on the list for the car, can you remind me", NONE, id="antifreeze-reminder"
        ),
        pytest.param("i spilt bleach on my new hoodie, gutted", NONE, id="bleach-hoodie"),
        pytest.param("put weedkiller on the patio for pocket money", NONE, id="weedkiller-patio"),
        pytest.param(
            "ant powder by the back door, theres loads of ants this summer", NONE, id="ant-powder-door"
        ),
    ],
)
def test_poison_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 2. A named medicine taken in overdose, minimised -> immediate ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "prob nothing but i had like 15 quetiapine an hour ago, bit sleepy", id="quetiapine-prob-nothing"
        ),
        pytest.param(
            "took the whole tub of melatonin gummies, feel a bit weird but im ok", id="melatonin-tub"
        ),
        pytest.param("not a big deal but i took 30 sertraline last night", id="sertraline-not-big-deal"),
        pytest.param("necked a full strip of fluoxetine earlier, im alright tho", id="fluoxetine-strip"),
        pytest.param("had 24 ibuprofen at once, its fine right?", id="ibuprofen-fine-right"),
        pytest.param("i took 10 naproxen about half hour ago, tummy hurts but im ok", id="naproxen-tummy"),
        pytest.param("swallowed 8 of mums diazepam, im chill dont worry", id="diazepam-chill"),
        pytest.param(
            "dont panic but i think i took all my lamotrigine for the week in one go", id="lamotrigine-week"
        ),
        pytest.param(
            "my son says hes fine but he took about 40 of his melatonin, he is 13", id="melatonin-parent"
        ),
        pytest.param("TOOK 20 SERTRALINE IM OK THO", id="sertraline-caps"),
        pytest.param("jus had a load of me nans diazepam, like 12, feel mint", id="diazepam-dialect"),
    ],
)
def test_named_medicine_overdose_positive(text: str) -> None:
    _check_positive(text, {"immediate"}, {"suicide", "self_harm", "substances"})


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        pytest.param("took my lamotrigine like normal this morning", NONE, id="lamotrigine-normal"),
        pytest.param("can melatonin make you have weird dreams", NONE, id="melatonin-dreams"),
        pytest.param("forgot my sertraline again, is it ok to take it late", NONE, id="sertraline-late"),
        pytest.param("had one ibuprofen for my period pain", NONE, id="ibuprofen-one"),
        pytest.param("the gp upped my quetiapine to 50mg", NONE, id="quetiapine-gp"),
        pytest.param("mum takes naproxen for her knees", NONE, id="naproxen-mum"),
        pytest.param(
            "how long does fluoxetine take to work? been on it 3 weeks", NONE, id="fluoxetine-how-long"
        ),
        pytest.param("dentist said take 2 ibuprofen every 8 hours", NONE, id="ibuprofen-dentist"),
        pytest.param(
            "my diazepam prescription ran out, need to ring the surgery", NONE, id="diazepam-prescription"
        ),
        pytest.param("is 3mg melatonin a normal dose for a teenager", NONE, id="melatonin-dose-question"),
    ],
)
def test_named_medicine_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 3. Objects swallowed on purpose -> immediate -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("swallowed a handful of pins on purpose", id="pins-on-purpose"),
        pytest.param("ive swallowed 2 batteries from the remote so it all ends", id="batteries-ends"),
        pytest.param("i swallowed magnets to hurt myself", id="magnets-hurt"),
        pytest.param("ate 3 screws out of dads toolbox cos i wanted it to hurt", id="screws-toolbox"),
        pytest.param("i swallowed bits of glass from the mirror i smashed", id="glass-mirror"),
        pytest.param("swallowed a razor blade", id="razor-blade-terse"),
        pytest.param(
            "my friend Tia swallowed some batteries at lunch, she says she wants to die",
            id="batteries-friend",
        ),
        pytest.param(
            "SWALLOWED A BUNCH OF DRAWING PINS ON PURPOSE",
            id="drawing-pins-caps",
            marks=_gap('"drawing pins": "drawing" would tie with "drowning" in spelling repair'),
        ),
        pytest.param(
            "swalowed sum magnetz on purpse",
            id="magnets-typos",
            marks=_gap('"swalowed sum magnetz": past spelling repair'),
        ),
        pytest.param(
            "long day, got in trouble again, came home and nobody even noticed, so i took the blade "
            "out of my sharpener and swallowed it",
            id="sharpener-blade-preamble",
            marks=_gap('the blade and "swallowed it" are more than four words apart'),
        ),
    ],
)
def test_objects_swallowed_positive(text: str) -> None:
    _check_positive(text, {"immediate"}, {"suicide", "self_harm"})


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        pytest.param("need new batteries for the remote, tv wont turn on", NONE, id="batteries-remote"),
        pytest.param(
            "pins and needles in my leg from sitting funny",
            NONE,
            id="pins-and-needles",
            marks=_gap("screen-v11 concern on pins and needles: left to the next model"),
        ),
        pytest.param("got some fridge magnets from the seaside", NONE, id="fridge-magnets"),
        pytest.param("put the screws back in the wardrobe door with dad", NONE, id="screws-wardrobe"),
        pytest.param("smashed a glass washing up, mum wasnt bothered", NONE, id="glass-washing-up"),
        # screen-v11 to v20 high on "razor blade", raised by cue.means; screen-v22 leaves it at none
        pytest.param("dad changed the razor blade in his shaver", NONE, id="razor-shaver"),
        pytest.param(
            "teacher said never swallow button batteries, we made a poster", NONE, id="batteries-poster"
        ),
        pytest.param("we used magnets and batteries in science today", NONE, id="magnets-science"),
        pytest.param("i swallowed my chewing gum by accident is that ok", NONE, id="gum-accident"),
        pytest.param("my sharpener blade fell out, need a new one for art", NONE, id="sharpener-art"),
    ],
)
def test_objects_swallowed_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 4. A method with a time in minutes -> immediate ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "gonna jump in front of the 4.15 train. 3 mins",
            id="train-3-mins",
            marks=_gap('"the 4.15 train": a time inside the phrase is not allowed for'),
        ),
        pytest.param("in 10 mins im going off the bridge", id="bridge-10-mins"),
        pytest.param("5 mins and im stepping off the top of the multi storey", id="multi-storey-5-mins"),
        pytest.param("jumping off the cliff at the bay in 2 minutes, bye", id="cliff-2-minutes"),
        pytest.param("train due in 4 mins, im going on the tracks", id="tracks-4-mins"),
        pytest.param("ill be under the next bus in like 5 mins", id="bus-5-mins"),
        pytest.param(
            "TEN MINUTES THEN IM OFF THE ROOF",
            id="roof-caps",
            marks=_gap('"im off the roof" also means coming down: not a lexicon phrase'),
        ),
        pytest.param("sat on the bridge rail, gonna let go in 3 mins", id="bridge-rail-3-mins"),
        pytest.param("gna hang myself in 15 mins when mum goes out", id="hang-15-mins"),
        pytest.param(
            "my mate Reece just texted hes jumpin off the viaduct in 5 mins, what do i do",
            id="viaduct-friend",
        ),
        pytest.param(
            "sorry for the long message, today has been so much, i tried to tell my teacher and she "
            "didnt listen, ive got the rope ready and im doing it in 20 mins",
            id="rope-20-mins-preamble",
        ),
    ],
)
def test_method_in_minutes_positive(text: str) -> None:
    _check_positive(text, {"immediate"}, {"suicide", "self_harm"})


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        pytest.param("train in 2 mins, ill text when im on", NONE, id="train-2-mins"),
        pytest.param("bus is 5 mins away, be there soon", NONE, id="bus-5-mins"),
        pytest.param(
            "jumping off the diving board at swimming in 10 mins, scared lol", NONE, id="diving-board"
        ),
        pytest.param("we are going on the bridge walk in 20 mins with school", NONE, id="bridge-walk"),
        pytest.param("dinner in 15 mins, then homework", NONE, id="dinner-15-mins"),
        pytest.param(
            "the shed roof leaks, dad is going up to fix it in 5 mins",
            NONE,
            id="shed-roof",
            # screen-v11 to v19 raised it; screen-v20 does not
        ),
        pytest.param("off to the cliffs with my family for a walk in 10 mins", NONE, id="cliff-walk"),
        pytest.param("in 5 mins im going to the shop, want anything", NONE, id="shop-5-mins"),
        pytest.param("train to leeds in 3 mins, exam nerves", NONE, id="train-leeds"),
        # screen-v11 to v18 read it as a concern; screen-v19 does not
        pytest.param("skipping rope challenge in pe in 10 mins", NONE, id="skipping-rope"),
    ],
)
def test_method_in_minutes_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 5. Held or trapped now -> immediate (abuse or exploitation) -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "locked in my room, no food since yesterday, they wont let me out", id="locked-room-no-food"
        ),
        pytest.param(
            "im in the back of a van, phone hidden in my sock, dont know where they are taking me",
            id="van-phone-hidden",
        ),
        pytest.param(
            "they got me at a trap house over a debt, theres a gun on the table", id="trap-house-gun"
        ),
        pytest.param(
            "being kept in a flat in town till i pay what i owe, he has a knife", id="flat-debt-knife"
        ),
        pytest.param(
            "stepdad locked me in the box room since last night and wont give me any food",
            id="box-room-stepdad",
        ),
        pytest.param(
            "HELP IM STUCK IN THE BACK OF A VAN THEY TOOK MY PHONE BUT I HAD A SPARE", id="van-caps"
        ),
        pytest.param(
            "my friend Jayden is being held at a flat over money he owes, they showed him a machete",
            id="flat-friend-machete",
        ),
        pytest.param(
            "cant leave the trap, owe them 300, they got a blade n said i aint goin nowhere",
            id="trap-textspeak",
        ),
        pytest.param("locked in the shed by my uncle since yesterday, no food, phone on 5%", id="shed-uncle"),
        pytest.param(
            "they wont let me leave the flat cos i owe for the stuff i lost, one of them has a gun",
            id="flat-owe-gun",
        ),
    ],
)
def test_held_or_trapped_positive(text: str) -> None:
    _check_positive(text, {"immediate"}, {"abuse", "exploitation"})


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        pytest.param("locked out the house, mum is not back till 6", NONE, id="locked-out"),
        pytest.param("van delivery came and i missed it again", NONE, id="van-delivery"),
        pytest.param("stuck in my room revising all weekend, no life lol", NONE, id="stuck-revising"),
        pytest.param(
            "havent eaten since yesterday cos of exams, totally forgot", CONCERN, id="not-eaten-exams"
        ),
        pytest.param(
            "the bathroom lock got stuck and i was trapped for 5 mins lol", NONE, id="bathroom-lock"
        ),
        pytest.param("my brother owes me a fiver for the chippy", NONE, id="owes-fiver"),
        pytest.param("went to my mates flat after school, we played fifa", NONE, id="mates-flat"),
        pytest.param("in the back of the minibus on the school trip, so boring", NONE, id="minibus-trip"),
        pytest.param(
            "hid my phone from my sister so she cant read my messages", NONE, id="phone-hidden-sister"
        ),
        pytest.param(
            "did an escape room with my friends, we were locked in for an hour", NONE, id="escape-room"
        ),
    ],
)
def test_held_or_trapped_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 6. Not waking up / unresponsive after drink or drugs -> immediate (substances) -------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("my son drank loads of vodka and now he wont wake up", id="vodka-son"),
        pytest.param(
            "mate passed out after the party and i cant wake her, she took something", id="party-cant-wake"
        ),
        pytest.param(
            "shes not responding, had pills and cider, ambulance called",
            id="pills-cider-ambulance",
            marks=_gap(
                '"shes not responding" is not a phrase: "not responding to my texts" is everyday (review11)'
            ),
        ),
        pytest.param("HE WONT WAKE UP HE HAD WKD AND SOMETHING ELSE", id="caps-wkd"),
        pytest.param(
            "my daughter came home off her face and now i cant get her to wake up, breathing funny",
            id="parent-off-her-face",
        ),
        pytest.param("my friend Liam isnt waking up after the ket, we are in the park", id="ket-park"),
        pytest.param(
            "ambulance called, my brother took something at the festival and hes not moving",
            id="festival-ambulance",
        ),
        pytest.param("cant wake Skye up, she had a bottle of vodka and some tablets", id="vodka-tablets"),
        pytest.param("my lads unresponsive after drinking, paramedics on the way", id="unresponsive-dialect"),
        pytest.param(
            "sorry to text this late, we had a few drinks at my mates, it was meant to be a chill night, "
            "but now Maddie wont wake up and her lips look blue",
            id="lips-blue-preamble",
        ),
    ],
)
def test_not_waking_positive(text: str) -> None:
    _check_positive(text, {"immediate"}, {"substances"})


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        pytest.param("couldnt wake my sister up for school, she is SO lazy", NONE, id="sister-school"),
        pytest.param(
            "dad fell asleep on the sofa after sunday dinner, snoring his head off", NONE, id="dad-sofa"
        ),
        pytest.param("i slept through my alarm again, late for maths", NONE, id="slept-through-alarm"),
        pytest.param("nan called an ambulance for her hip, shes ok now", NONE, id="nan-hip-ambulance"),
        pytest.param("the party was fun, everyone went home at 11", NONE, id="party-fun"),
        pytest.param(
            "my mum had one glass of wine and fell asleep in front of the telly", NONE, id="mum-wine-telly"
        ),
        pytest.param("my phone is not responding, think its broken", NONE, id="phone-not-responding"),
        pytest.param(
            "an ambulance came to school cos someone broke their arm at football", NONE, id="school-ambulance"
        ),
        pytest.param("cant wake the dog up, hes so lazy lol", NONE, id="dog-lazy"),
        pytest.param(
            "hungover after my cousins wedding, never drinking again", CONCERN, id="hungover-wedding"
        ),
    ],
)
def test_not_waking_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


# --- 7. Threats to others with a named weapon or arson -> high or immediate (violence) ---------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "my stepdad got his crossbow out and keeps saying hes gonna shoot the man next door",
            id="crossbow-neighbour",
        ),
        pytest.param(
            "i want to burn the school down, ive got lighter fluid in my bag", id="school-lighter-fluid"
        ),
        pytest.param("gonna set fire to his house tonight, ive got petrol", id="house-petrol"),
        pytest.param(
            "my brother says hes going to stab his ex with the machete under his bed", id="machete-ex"
        ),
        pytest.param(
            "im gonna torch my teachers car, ive bought a lighter and some petrol",
            id="torch-car",
            marks=_gap(
                '"torch" cannot be a lexicon word: repair made Polish "na torach" (on the tracks) "torch"'
            ),
        ),
        pytest.param(
            "my uncle keeps his air rifle by the door and says hes going to shoot the lads who keyed his car",
            id="air-rifle-keyed-car",
        ),
        pytest.param(
            "gunna set the science block on fire tmrw, got matches n lighter fluid",
            id="science-block-textspeak",
        ),
        pytest.param("I WILL HIT HIM WITH DADS HAMMER WHEN HE GETS HOME", id="hammer-caps"),
        pytest.param("my mate says hes bringing a knife to school to get Connor", id="knife-school-friend"),
        pytest.param(
            "our Kyle has got a baseball bat and says hes going round to batter his dad", id="bat-dialect"
        ),
        pytest.param(
            "going to burn down the youth club, got a can of petrol in the garage", id="youth-club-petrol"
        ),
    ],
)
def test_threat_with_weapon_or_arson_positive(text: str) -> None:
    _check_positive(text, {"high", "immediate"}, {"violence"})


@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        pytest.param("went to archery club and had a go on the crossbow", NONE, id="archery-crossbow"),
        pytest.param(
            "bonfire night at the park was class, the fireworks were so loud", NONE, id="bonfire-night"
        ),
        pytest.param("dad got BBQ lighter fluid for the garden party", NONE, id="bbq-lighter-fluid"),
        pytest.param("the fire alarm went off in science, someone burnt toast", NONE, id="fire-alarm-toast"),
        pytest.param("we learnt about the great fire of london today", NONE, id="great-fire"),
        pytest.param("my uncle does target shooting at a club with his air rifle", NONE, id="air-rifle-club"),
        pytest.param("chopped the onions with the big knife for dinner", NONE, id="knife-onions"),
        pytest.param("my brother plays cricket, he got a new bat for his birthday", NONE, id="cricket-bat"),
        pytest.param("dad lent me his hammer to put up a shelf", NONE, id="hammer-shelf"),
        pytest.param("we toasted marshmallows on the fire pit at scouts", NONE, id="fire-pit-scouts"),
    ],
)
def test_threat_with_weapon_or_arson_everyday_contrast(text: str, ceiling: Severity) -> None:
    _check_contrast(text, ceiling)


@pytest.mark.parametrize(
    "text",
    [
        "my teenager drank half a bottle of vodka and i cant wake her",
        "cant wake him, hes cold and he took pills at the party",
        "i cant wake her, she had cider and some tablets",
        "she was in the pool after drinking and now i cant wake her",
    ],
)
def test_the_emergency_itself_does_not_void_cant_wake(text: str) -> None:
    found = safeguarding.screen(text)
    assert found.severity == "immediate", (text, found.severity)
    assert "substances.cant_wake" in [m.entry_id for m in _lexicon_matches(found)], text
