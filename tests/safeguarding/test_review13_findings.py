"""Defects a review found in the thirteenth session's lexicon and reader change (5b85c20..8a5b594: the
new benign rules retold_story, ride_scare, so_good_hyperbole, nobody_hurt, visitor_bereaved,
pretend_and_history, game_first_jump and the phrases added to learning_about, first_aid_and_study,
fiction_deaths, game_kills and regular_medication; the new risk phrases suicide.poison_intent, attempt_now's
whole box / all at once / insulin / ligature, methods' "... to die", "so i wont wake up" and "alone to jump",
stockpiling's "to take in one go", self_harm's "stab myself", violence's "the knife he carries" and Roman Urdu
"marna hai mujhe"; and the reader's change that made benign-only words vocabulary instead of spelling-repair
targets), kept as tests.

Every test here FAILS at 8a5b594 and passes at 5b85c20: each is a defect the change brought in, not a gap
already written down. Every text is invented for these tests; every name is fictional. Every case is checked
on the lexicon alone (no learned model), so each one is a lexicon effect. The comments give the lexicon-alone
severity at 5b85c20 (old) and at 8a5b594 (new).

Groups:

* hidden_risk: a young person or parent telling of real risk (their own or someone they know) where a new
  benign rule covers the risk hit and sets it aside.
* new_false_alarms: everyday texts that a new risk phrase (or the reader change) now flags high or immediate.
* repair_changes: real words (Roman Urdu, Hindi, Punjabi, Bengali, English) that the reader now "repairs" into
  another word, some of them into a risk word.
"""

from __future__ import annotations

import pytest

import safeguarding
from safeguarding import SEVERITY_ORDER, Severity
from safeguarding.normalise import Normaliser
from safeguarding.screening import Screener, load_lexicon


@pytest.fixture(scope="module")
def lexicon_only() -> Screener:
    """The lexicon alone (``safeguarding.model.enabled: false``, or the model file failing to load)."""
    return Screener(load_lexicon(check_examples=False))


@pytest.fixture(scope="module")
def normaliser(lexicon_only: Screener) -> Normaliser:
    return lexicon_only.lexicon.normaliser


def _why(found: safeguarding.Assessment) -> list[tuple[str, str, str]]:
    return [(m.entry_id, m.severity, m.kind) for m in found.matches]


def _at_most(lexicon_only: Screener, text: str, ceiling: Severity) -> None:
    found = lexicon_only.screen(text)
    assert SEVERITY_ORDER[found.severity] <= SEVERITY_ORDER[ceiling], (text, found.severity, _why(found))


def _at_least(lexicon_only: Screener, text: str, floor: Severity) -> None:
    found = lexicon_only.screen(text)
    assert SEVERITY_ORDER[found.severity] >= SEVERITY_ORDER[floor], (text, found.severity, _why(found))


# 1. hidden_risk: real risk set aside by a new benign rule. Floor: high (a clinician must see these).
HIDDEN_RISK = [
    # --- benign.retold_story: {character} holds first names real young people have (Paris, Duncan, Romeo),
    #     a town (Hyde) and plain words ("the twins", "the brothers"), so "<name> took an overdose / drank
    #     bleach / jumped off the bridge / got stabbed" is read as a set text. The doc says "a real name
    #     alone is never enough"; these names are enough.
    pytest.param(
        "paris drank bleach at the sleepover last night and shes being sick", id="story-paris-drank-bleach"
    ),  # old immediate (poison_taken), new none
    pytest.param("duncan took an overdose last night hes in hospital", id="story-duncan-overdose"),
    # ^ old immediate, new none ("duncan" was split "dun can" before; now it is a known word and a character)
    pytest.param(
        "paris jumped off the bridge on friday", id="story-paris-jumped-bridge"
    ),  # immediate -> none
    pytest.param(
        "my mate duncan killed himself in the summer and i want to do the same",
        id="story-duncan-killed-himself",
    ),  # high -> none: a friend's suicide and the writer's wish to follow
    pytest.param("romeo got stabbed at the park last night", id="story-romeo-stabbed"),  # high -> none
    pytest.param(
        "the twins got stabbed on our estate last night, one of them is my cousin",
        id="story-the-twins-stabbed",
    ),  # high -> none: "the twins" is a {character}
    pytest.param("my cousin in hyde got stabbed last night", id="story-hyde-the-town"),
    # ^ high -> none: Hyde (Greater Manchester) read as Mr Hyde
    # --- benign.retold_story "(watching|reading|in) {story} ... got stabbed": the title and the harm need not
    #     be in the same story; four words later is anyone.
    pytest.param(
        "we were watching harry potter and my brother got stabbed outside the shop",
        id="story-watching-then-stabbed",
    ),  # high -> none
    # --- benign.game_kills "(got|was) stabbed (like|{digits}) ... times": a real stabbing counted in times
    pytest.param("my brother was stabbed 3 times last night", id="gamekills-brother-stabbed-3-times"),
    # ^ high -> none
    pytest.param(
        "my cousin got stabbed like 4 times outside the chicken shop",
        id="gamekills-cousin-stabbed-like-4-times",
    ),  # high -> none
    # --- benign.visitor_bereaved: "visited" / "came to" around a relative or a rival, not a speaker in school
    pytest.param(
        "visited my aunty whose son got stabbed on friday, its my cousin, hes in hospital",
        id="visitor-aunty-whose-son-stabbed",
    ),  # high -> none
    pytest.param(
        "the boy whose brother got stabbed came to my house last night saying hes coming for my brother",
        id="visitor-rival-came-to-my-house",
    ),  # high -> none
    # --- benign.pretend_and_history: rehearsing a hanging is a warning sign, not drama
    pytest.param(
        "sometimes i pretend to hang myself in my room to see what it feels like",
        id="pretend-hang-myself-rehearsal",
    ),  # high -> none
    pytest.param(
        "my 9 year old keeps pretending to hang himself with his school tie",
        id="pretend-parent-child-hanging",
    ),  # high -> none
    pytest.param("my uncle got shot with a crossbow bolt in his garden", id="history-crossbow-real"),
    # ^ high -> none: "shot with a crossbow bolt" is read as history
    # --- benign.ride_scare: "the plane" / "{ride}" then "said he was going to die" four words later
    pytest.param(
        "my son came off the plane from his dads and said he was going to die, he wont stop crying",
        id="ride-parent-son-said-going-to-die",
    ),  # high -> none
    pytest.param(
        "the big wheel was fine but i said i was going to die and i meant it", id="ride-meant-it"
    ),  # high -> none
    # --- benign.so_good_hyperbole: "so embarrassing" is what shame after an image is shared sounds like
    pytest.param(
        "someone sent the video to the whole year group. i want to die its so embarrassing. i cant face "
        "anyone",
        id="hyperbole-video-shared-want-to-die",
    ),  # high -> none
    pytest.param(
        "he posted my pictures everywhere it was so embarrassing i want to die",
        id="hyperbole-pictures-posted",
    ),  # high -> none
    # --- benign.nobody_hurt: the writer's own cutting after "nobody cuts themselves"
    pytest.param(
        "everyone says nobody cuts themselves for no reason but i do", id="nobody-cuts-themselves-but-i-do"
    ),  # high -> none
    # --- benign.learning_about: the new talk / signs / Roman Urdu phrases have no stop at the writer
    pytest.param(
        "we had an assembly about kids getting groomed online and thats whats happening to me",
        id="learning-groomed-happening-to-me",
    ),  # high -> none
    pytest.param(
        "looked up the signs someone might want to kill themselves and i have all of them",
        id="learning-signs-i-have-all-of-them",
    ),  # high -> none
    pytest.param(
        "main county lines ke baare mein sab jaanta hoon, main unke liye drugs bechta hoon",
        id="learning-roman-urdu-i-sell-for-them",
    ),  # high -> none: "I know all about county lines, I sell drugs for them"
    # the stop-list of "pshe today was on ..." only looks at the very next word
    pytest.param(
        "assembly today was about county lines. theyve got my brother doing it",
        id="learning-theyve-got-my-brother",
    ),  # immediate -> none
    pytest.param(
        "pshe was on county lines, its what my cousin does every weekend",
        id="learning-its-what-my-cousin-does",
    ),  # high -> none
    # the doc's own twin "pshe was on knife crime, i carry one now" still counts, but one word more ("lol",
    # "got", "dont tell anyone") and the writer's knife is the lesson's topic
    pytest.param(
        "pshe today was on knife crime lol i carry one every day", id="learning-knife-crime-lol-i-carry-one"
    ),  # high -> none
    pytest.param(
        "pshe today was on knife crime, got one in my bag now", id="learning-knife-crime-got-one-in-my-bag"
    ),  # immediate -> none
    pytest.param(
        "the talk today was about knife crime. dont tell anyone but mine is in my bag",
        id="learning-knife-crime-mine-is-in-my-bag",
    ),  # immediate -> none
    # --- benign.first_aid_and_study: "first aid ... what to do if a friend has taken too many pills" with the
    #     friend's overdose happening now
    pytest.param(
        "we did first aid but i forgot what to do if a friend has taken too many pills, she is being sick",
        id="firstaid-friend-overdose-now",
    ),  # immediate -> none
    # --- benign.fiction_deaths: "play ... when a girl took an overdose" and a parent's "the overdose episode"
    pytest.param(
        "at the school play last night when a girl took an overdose in the toilets",
        id="fiction-school-play-real",
    ),  # immediate -> none
    pytest.param(
        "my daughter is in hospital after the overdose episode on friday",
        id="fiction-parent-overdose-episode",
    ),  # high -> none
    # --- benign.regular_medication: the new "..." after the relative swallows a wish to die
    pytest.param(
        "grandad said he wants to die and took all his tablets like the doctor said",
        id="medication-grandad-wants-to-die",
    ),  # immediate -> none
    # --- benign.game_first_jump: {game} holds "football", "everything", "maths"...; any of them then "i need
    #     to jump off the bridge"
    pytest.param("i hate football i need to jump off the bridge", id="gamejump-football-then-bridge"),
    # ^ immediate -> none
    pytest.param(
        "mum took my xbox so no more fortnite i need to jump off the roof", id="gamejump-fortnite-then-roof"
    ),  # immediate -> none
    pytest.param(
        "i have lost everything i need to jump off the bridge tonight",
        id="gamejump-lost-everything-bridge-tonight",
    ),  # immediate -> none: "everything" is a {game}
]


@pytest.mark.parametrize("text", HIDDEN_RISK)
def test_hidden_risk(lexicon_only: Screener, text: str) -> None:
    _at_least(lexicon_only, text, "high")


# 2. new_false_alarms: everyday texts a new risk phrase flags (none before). Ceiling: concern.
NEW_FALSE_ALARMS = [
    # --- suicide.poison_intent: "going to take / have the <poison>" for its ordinary use
    pytest.param(
        "dad is going to take the lighter fluid for the bbq", id="poison-lighter-fluid-bbq"
    ),  # none->high
    pytest.param(
        "im going to take some turps for my oil painting in art", id="poison-turps-art"
    ),  # none -> high
    pytest.param(
        "grandad is going to have the slug pellets down before the frost", id="poison-slug-pellets-down"
    ),
    # ^ none -> high
    pytest.param(
        "mum wants to have the dettol spray in every room", id="poison-dettol-spray"
    ),  # none -> high
    # --- suicide.attempt_now "took the whole box / pack" (a sibling eating the lot), "took all ... together"
    pytest.param("my brother took the whole box and didnt save me any", id="attempt-whole-box-sweets"),
    # ^ none -> immediate
    pytest.param(
        "she took the whole pack and left me none", id="attempt-whole-pack-left-me-none"
    ),  # none->imm.
    pytest.param(
        "mum took all of us to the park together", id="attempt-took-all-of-us-together"
    ),  # none -> imm.
    pytest.param("i took all my bags up in one go", id="attempt-bags-in-one-go"),  # none -> immediate
    # --- insulin: a diabetic teen's ordinary dose for cake, and the school nurse's vaccinations
    pytest.param("i took double insulin cos we had cake for her birthday", id="insulin-double-for-cake"),
    # ^ none -> immediate
    pytest.param("the school nurse injected all of the year 9 girls for hpv today", id="inject-all-hpv-jabs"),
    # ^ none -> immediate
    pytest.param(
        "the nurse injected all the year 8s today for the flu", id="inject-all-flu-jabs"
    ),  # none -> imm.
    # --- ligature found: a cord necklace
    pytest.param("i saw her wearing a cord round her neck with a shell on it", id="ligature-cord-necklace"),
    # ^ none -> immediate
    # --- suicide.methods "(drink|climb|jump) ... to die": "to die for", a game's respawn
    pytest.param(
        "you have to drink the mango lassi its to die for", id="methods-drink-to-die-for"
    ),  # none->high
    pytest.param(
        "you have to climb it the view is to die for", id="methods-climb-view-to-die-for"
    ),  # none->high
    pytest.param(
        "in minecraft you jump in the lava to die and respawn at home", id="methods-minecraft-lava-respawn"
    ),  # none -> high
    # --- "so i wont wake up" with sleep itself the subject
    pytest.param("i put my phone on do not disturb so i dont wake up. night x", id="wake-do-not-disturb"),
    # ^ none -> high
    pytest.param(
        "i sleep with earplugs so i dont wake up every time the baby cries", id="wake-earplugs-every-time"
    ),  # none -> high
    pytest.param("blackout blinds so i wont wake up", id="wake-blackout-blinds"),  # none -> high
    # --- "on my own to jump": the swimming pool's top board
    pytest.param(
        "at swimming i went up the top board on my own to jump off", id="alone-top-board"
    ),  # none->high
    # --- suicide.stockpiling "to take ... in one go / at once" with no medicine anywhere
    pytest.param(
        "the bags are too heavy to take them all at once", id="stockpile-heavy-bags"
    ),  # none -> high
    pytest.param("the museum is too big to take in one go", id="stockpile-museum"),  # none -> high
    # --- self_harm "stab myself": a needle in textiles, an insulin needle (the exception needs "with a ... by
    #     accident")
    pytest.param(
        "i keep stabbing myself with the needle in textiles", id="stab-needle-textiles"
    ),  # none -> high
    pytest.param(
        "i have to stab myself with the needle every day for my insulin", id="stab-insulin-needle"
    ),  # none -> immediate (cue.means raises it)
    # --- violence "(knife|gun) (he|i) (carries|keeps|brings)": tools and toys
    pytest.param(
        "dad has a swiss army knife he carries for fishing", id="knife-swiss-army-fishing"
    ),  # none->high
    pytest.param("the glue gun i keep in my art box is broken", id="gun-glue-gun"),  # none -> high
    pytest.param("my brother has a nerf gun he brings to every sleepover", id="gun-nerf"),  # none -> high
    pytest.param("the butter knife i keep in my lunchbox", id="knife-butter-lunchbox"),  # none -> high
    # --- the reader change: game names are no longer spelling-repair targets, so a misspelt game is not read
    #     as the game, benign.game_kills no longer covers the kill, and violence.threat_to_others stands
    pytest.param("i killed everyone in amoung us", id="reader-amoung-us-read-as-amount-us"),  # none -> high
    # ^ "amoung" was repaired to "among" and is now repaired to "amount"
    pytest.param("i killed everyone in mincraft", id="reader-mincraft-not-repaired"),  # none -> high
    pytest.param(
        "i killed everyone in minecarft lol", id="reader-minecarft-split-mine-car-ft"
    ),  # none -> high
    pytest.param("i killed everyone on valorent", id="reader-valorent-not-repaired"),  # none -> high
]


@pytest.mark.parametrize("text", NEW_FALSE_ALARMS)
def test_new_false_alarms(lexicon_only: Screener, text: str) -> None:
    _at_most(lexicon_only, text, "concern")


# 3. repair_changes: a real word the reader now turns into another word. The new targets (chaku, chhuri,
#    churi, chhura, ghonp, injected, injecting, entire, double, wearing, brings...) take real words; the
#    benign words made vocabulary ("ke", "king", "pen", "lets", "tim"...) now split real words into pieces.
REPAIR_CHANGES = [
    # Hindi / Urdu / Punjabi / Bengali words repaired into the new Roman Urdu knife words
    pytest.param("kal school ki chhuti hai", "chhuti", id="repair-chhuti-holiday-to-chhuri-knife"),
    pytest.param("meri cycle chori ho gayi school se", "chori", id="repair-chori-theft-to-churi-knife"),
    pytest.param("meri chudi toot gayi", "chudi", id="repair-chudi-bangle-to-churi-knife"),
    pytest.param("tv chalu hai abhi", "chalu", id="repair-chalu-on-to-chaku-knife"),
    pytest.param("usne mera phone chura liya", "chura", id="repair-chura-stole-to-chhura-knife"),
    pytest.param("usne apna phone chhupa diya", "chhupa", id="repair-chhupa-hid-to-chhura-knife"),
    pytest.param("woh bed ke neeche chhupi hai", "chhupi", id="repair-chhupi-hiding-to-chhuri-knife"),
    pytest.param("meri chhori school nahi gayi aaj", "chhori", id="repair-chhori-girl-to-chhuri-knife"),
    pytest.param("we had gobi manchurian for tea", "manchurian", id="repair-manchurian-split-man-churi-an"),
    pytest.param("eid ke liye mehndi lagaya", "lagaya", id="repair-lagaya-split-laga-you"),
    pytest.param("mehndi lagana hai kal", "lagana", id="repair-lagana-split-laga-and-a"),
    # English words repaired into "injected" / "injecting" (an attempt_now word)
    pytest.param("i invested all my money in pokemon cards", "invested", id="repair-invested-to-injected"),
    pytest.param("my brother is investing all his wages in trainers", "investing", id="repair-investing"),
    pytest.param(
        "my little brother ingested a battery and we went to a and e",
        "ingested",
        id="repair-ingested-to-injected",
    ),
    pytest.param("the teacher objected to my essay title", "objected", id="repair-objected-to-injected"),
    pytest.param(
        "mr jones was inspecting our books today", "inspecting", id="repair-inspecting-to-injecting"
    ),
    # English words repaired into other new targets or split on new vocabulary
    pytest.param("my mum is weaning the baby onto solids", "weaning", id="repair-weaning-to-wearing"),
    pytest.param("tens of people came to the fundraiser", "tens", id="repair-tens-to-teens"),
    pytest.param("i am entirely fine thanks", "entirely", id="repair-entirely-to-entire"),
    pytest.param(
        "we did a lesson on human trafficking in citizenship",
        "trafficking",
        id="repair-trafficking-split-traffic-king",
    ),
    pytest.param("i want to do marketing at college", "marketing", id="repair-marketing-split-mar-ke-ting"),
    pytest.param("we unwrapped our presents at nans", "unwrapped", id="repair-unwrapped-to-wrapped"),
    pytest.param("human beings are weird", "beings", id="repair-beings-to-brings"),
    pytest.param("mr johnson is off sick today", "johnson", id="repair-johnson-split-john-son"),
    pytest.param("my cousins are triplets", "triplets", id="repair-triplets-split-trip-lets"),
    pytest.param("we had chicken cutlets for tea", "cutlets", id="repair-cutlets-split-cut-lets"),
    pytest.param("dont be such a killjoy mum", "killjoy", id="repair-killjoy-split-kill-joy"),
]


@pytest.mark.parametrize(("text", "word"), REPAIR_CHANGES)
def test_repair_changes(normaliser: Normaliser, text: str, word: str) -> None:
    # the word was read as itself at 5b85c20
    assert word in normaliser.normalise(text).text.split(), (text, normaliser.normalise(text).text)


# A repair change that is also a false alarm: "invested" read as "injected" meets attempt_now's
# "injected all my / it all" (none at 5b85c20, immediate now).
REPAIR_FALSE_ALARMS = [
    pytest.param("i invested all my money in pokemon cards", id="repair-alarm-invested-all-my-money"),
    pytest.param("dad invested it all in bitcoin", id="repair-alarm-invested-it-all"),
]


@pytest.mark.parametrize("text", REPAIR_FALSE_ALARMS)
def test_repair_changes_raise(lexicon_only: Screener, text: str) -> None:
    _at_most(lexicon_only, text, "concern")
