"""Everyday texts that retell or describe harm that is not happening to the writer or anyone they know, or use
harm words for fun, screened by the LEXICON ALONE (the ``screener`` fixture: no learned model, no second
look).

Kinds: set texts, films, TV, soaps, history and RE lessons, news and podcasts retold (characters and
historical people who die, drink poison, are stabbed, shot, hanged, drown or take their own life); lessons
and talks (PSHE on knife crime, drugs or suicide awareness, food tech knife skills, science, first aid, a
police visit, quizzes written as Q:/A:); games (Minecraft, Roblox, Fortnite deaths, jumping off a cliff in a
game, respawning); comic or happy hyperbole ("nearly died laughing"); and routine medicines (a dose taken as
the doctor said, epilepsy tablets, inhalers, insulin).

Each kind has twins: the same setting with the writer's own risk, or a risk to someone they know, which must
still count (``high`` or above; ``immediate`` where the act or danger is under way, or a time, a place or
the means in hand is named, as the lexicon doc's severity table says).

These tests were written BEFORE the benign rules for these kinds, by someone who had not read the lexicon's
rules; everyday cases that fail today are expected to pass once the rules are added, and no twin may be lost
on the way. Every text is invented; every name is fictional.
"""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER, Severity
from safeguarding.screening import Screener

from .lexicon_checks import gap

NONE: Severity = "none"
CONCERN: Severity = "concern"
HIGH: Severity = "high"
IMMEDIATE: Severity = "immediate"


def _everyday(text: str, id: str) -> object:
    return pytest.param(text, NONE, id=id)


def _everyday_concern(text: str, id: str, why: str) -> object:
    """An everyday text where a ``concern`` (review list, no alert) is fair; ``why`` says why."""
    assert why
    return pytest.param(text, CONCERN, id=id)


def _twin(text: str, id: str) -> object:
    """Must be flagged: ``high`` or ``immediate``."""
    return pytest.param(text, HIGH, id=id)


def _twin_now(text: str, id: str) -> object:
    """Must be ``immediate``: the act is done or under way, or a time, a place or means in hand is named."""
    return pytest.param(text, IMMEDIATE, id=id)


# --- 1. Set texts, films, TV, history, RE, news, podcasts ------------------------------------------------

STORIES = [
    _everyday(
        "we finished an inspector calls today, eva smith drinks bleach and dies in the infirmary",
        "inspector-calls-eva-bleach",
    ),
    _everyday(
        "english hw: explain why eva smith took her own life. 300 words by thurs", "inspector-calls-hw"
    ),
    _everyday(
        "blood brothers ending made me cry, mickey shoots eddie and then the police shoot mickey",
        "blood-brothers-ending",
    ),
    _everyday(
        "romeo drinks the poison and then juliet stabs herself with his dagger, we acted it out in drama lol",
        "romeo-juliet-acted",
    ),
    _everyday(
        "do u think juliet really wanted to kill herself or was it just the friars plan going wrong",
        "juliet-question",
    ),
    _everyday(
        "macbeth has duncan stabbed in his sleep and lady macbeth kills herself offstage", "macbeth-offstage"
    ),
    _everyday("revising macbeth quotes, is this a dagger which i see before me", "macbeth-dagger-quote"),
    _everyday(
        "of mice and men ending is so sad, george shoots lennie in the back of the head",
        "mice-and-men-ending",
    ),
    _everyday(
        "in lord of the flies piggy gets killed by the rock and simon gets stabbed by the other boys",
        "lord-of-the-flies",
    ),
    _everyday(
        "jekyll drinks the potion and hyde beats sir danvers carew to death with his cane", "jekyll-and-hyde"
    ),
    _everyday(
        "war poems today, dulce et decorum est, the man drowning in the gas, sir read it out", "war-poem-gas"
    ),
    _everyday("wilfred owen got shot a week before the war ended, miss told us", "wilfred-owen-shot"),
    _everyday(
        "mr okafor read the bit where the soldier hangs himself in the trench, that poem was grim",
        "war-poem-hangs-himself",
    ),
    _everyday("history: henry viii had anne boleyn beheaded and catherine howard too", "tudors-beheaded"),
    _everyday(
        "we learnt about the tudors, people got hanged drawn and quartered for treason", "tudors-hanged"
    ),
    _everyday("RE lesson on the crucifixion, jesus was nailed to the cross and died", "re-crucifixion"),
    _everyday_concern(
        "RE: is it ever right to take your own life? we debated it in class and i said no",
        "re-debate",
        "a class debate on suicide; a reviewer may fairly look once, but nothing says it is the writer",
    ),
    _everyday(
        "eastenders last night!! she pushed him off the bridge and he drowned", "soap-eastenders-bridge"
    ),
    _everyday(
        "corrie storyline where the lad takes an overdose was done really well tbh", "soap-corrie-overdose"
    ),
    _everyday(
        "hollyoaks is doing a suicide storyline and mum says im not allowed to watch it", "soap-hollyoaks"
    ),
    _everyday_concern(
        "the news said a teenager got stabbed in leeds, so sad, none of us knew him",
        "news-stabbing",
        "'so sad' is read as low mood (concern) by an older entry; the stabbing itself must not flag",
    ),
    _everyday(
        "listening to a podcast about a murder in the 1800s, the maid poisoned the whole family with arsenic",
        "podcast-arsenic",
    ),
    _everyday("watched titanic, jack freezes and drowns and rose lets go of him", "film-titanic"),
    _everyday("in the hunger games rue gets speared and katniss sings to her", "film-hunger-games"),
    _everyday(
        "film night was the lion king, mufasa gets thrown off the cliff. sobbing", "film-lion-king-cliff"
    ),
    _everyday("cleopatra let a snake bite her so she would die, that was our history starter", "cleopatra"),
    _everyday("wor lass says the bit where romeo necks the poison is dead sad", "geordie-romeo"),
    _everyday("we done macbeth the day, he gets his heid chopped aff at the end", "scots-macbeth"),
    _everyday("aaj english mein romeo juliet parha, dono end mein mar jaate hain", "roman-urdu-romeo"),
    _everyday(
        "yn y wers Saesneg we read the bit where lady macbeth kills herself, so boring", "welsh-mix-macbeth"
    ),
    _everyday_concern(
        "My daughter is upset after reading Of Mice and Men in class, the shooting at the end. Is that ok?",
        "parent-mice-and-men-upset",
        "a parent says the child is upset: a low-mood note is fair, a flag is not",
    ),
    _everyday_concern(
        "Year 10 are studying An Inspector Calls, some may find Eva's suicide upsetting. Can we plan help?",
        "staff-inspector-calls-support",
        "staff planning support around a suicide in a set text: reviewing it is fair, alerting is not",
    ),
]

STORY_TWINS = [
    _twin("we read an inspector calls and i want to drink bleach like eva", "inspector-calls-drink-bleach"),
    _twin(
        "english hw on why eva smith took her own life, i keep thinking i want to kill myself too",
        "inspector-calls-hw-me-too",
    ),
    _twin("blood brothers ending, i want to shoot myself like mickey", "blood-brothers-shoot-myself"),
    _twin_now(
        "romeo drinks poison and i have drunk the bleach from under the sink just now", "romeo-drank-bleach"
    ),
    _twin("we did macbeth, lady macbeth kills herself and i want to kill myself too", "macbeth-me-too"),
    _twin("of mice and men was sad, i dont want to be alive anymore either", "mice-and-men-not-alive"),
    _twin("history on the tudors, i want to hang myself like the traitors", "tudors-hang-myself"),
    _twin("the news said a boy got stabbed in leeds, it was my brother, hes in hospital", "news-my-brother"),
    _twin("watched titanic, i want to drown myself like jack", "titanic-drown-myself"),
    _twin("we done macbeth the day. ah want tae kill masel", "scots-macbeth-kill-masel"),
    _twin("romeo juliet parha aaj, main bhi khudkushi karna chahti hoon", "roman-urdu-khudkushi"),
    _twin(
        "My daughter read Of Mice and Men and now says she wants to kill herself, she has been cutting",
        "parent-mice-and-men-kill-herself",
    ),
    _twin_now(
        "Year 10 pupil told me after An Inspector Calls that she has drunk bleach this morning",
        "staff-pupil-drank-bleach",
    ),
    _twin("yn y wers Saesneg we read lady macbeth and i cut myself after", "welsh-mix-cut-myself"),
    _twin_now(
        "the soldier hangs himself in the poem. ive tied a rope in my room and im doing it tonight",
        "war-poem-rope-tonight",
    ),
    _twin("podcast about arsenic gave me an idea, i want to poison myself", "podcast-poison-myself"),
    _twin("cleopatra let a snake bite her, i want to die like that", "cleopatra-die-like-that"),
    _twin("hunger games made me cry, rue dies and i want to be dead too", "hunger-games-want-dead"),
    _twin_now(
        "lion king cliff scene, im at the top of the quarry now and im going to jump", "lion-king-at-quarry"
    ),
    _twin(
        "RE debate on taking your own life, i said yes cos i want to take my own life", "re-debate-take-mine"
    ),
    _twin(
        "eastenders had him push her off the bridge, my stepdad pushed my mum down the stairs last night",
        "soap-stepdad-pushed-mum",
    ),
    _twin_now(
        "My son keeps talking about the Tudor hangings and tonight I found him with a belt round his neck",
        "parent-tudors-belt-neck",
    ),
    _twin("juliet stabs herself and i keep wanting to stab myself", "juliet-stab-myself"),
    _twin_now(
        "the corrie lad takes an overdose and im going to take an overdose tonight", "soap-overdose-tonight"
    ),
    _twin("hollyoaks has a suicide storyline, i wrote my own suicide note last night", "soap-my-note"),
    _twin_now(
        "wor lass says romeo necks the poison, am gonna neck all me mams pills the neet",
        "geordie-pills-tonight",
    ),
]


# --- 2. Lessons and talks -------------------------------------------------------------------------------

LESSONS = [
    _everyday("pshe was on knife crime today, a man came in whose son got stabbed", "pshe-knife-crime-talk"),
    _everyday("we had a drugs talk in pshe about what happens if you overdose on ket", "pshe-drugs-overdose"),
    _everyday(
        "suicide awareness assembly today, they gave us all the samaritans number",
        "suicide-awareness-assembly",
    ),
    _everyday(
        "pshe: we learnt the signs someone might want to kill themselves and who to tell", "pshe-signs"
    ),
    _everyday(
        "food tech knife skills, we did the bridge and the claw and nobody cut themselves",
        "food-tech-nobody-cut",
    ),
    _everyday("cut up all the onions in food tech, my eyes were streaming", "food-tech-onions"),
    _everyday(
        "in chemistry we learnt why you should never mix bleach and ammonia, its poisonous",
        "chemistry-bleach",
    ),
    _everyday("biology was about what happens to your lungs when you drown, kinda cool", "biology-drown"),
    _everyday(
        "first aid course: we did cpr on the dummy and how to stop bleeding from a deep cut",
        "first-aid-deep-cut",
    ),
    _everyday(
        "st john ambulance showed us what to do if someone has taken too many pills", "first-aid-pills"
    ),
    _everyday(
        "police came into school to talk about carrying knives and how many young people get stabbed",
        "police-visit-knives",
    ),
    _everyday("Q: how did cleopatra die? A: she let an asp bite her", "quiz-cleopatra"),
    _everyday("Q: which king was shot with an arrow in the eye A: harold, 1066", "quiz-harold"),
    _everyday("Q: what poison did romeo drink A: it doesnt say, just poison", "quiz-romeo-poison"),
    _everyday(
        "pub quiz with my dad, question was how many of henrys wives got beheaded. 2!!", "quiz-beheaded"
    ),
    _everyday(
        "Reminder: Thursday's PSHE session covers self-harm awareness. Parents can opt out by email.",
        "staff-pshe-self-harm",
    ),
    _everyday(
        "Hi, my son came home talking about the knife crime talk at school, he seemed fine, just so you know",
        "parent-knife-crime-talk",
    ),
    _everyday("pshe abt county lines n grooming 2day, v long", "textspeak-county-lines"),
    _everyday("in drama i had to pretend to get shot and fall over, got an A for it", "drama-pretend-shot"),
    _everyday(
        "the fire brigade came in and told us how most people die from the smoke in house fires",
        "fire-brigade-talk",
    ),
    _everyday(
        "aaj school mein police aayi thi knife crime ke baare mein batane, kaafi boring tha",
        "roman-urdu-police-talk",
    ),
    _everyday(
        "wee man fae the polis came in tae talk aboot folk gettin stabbed, it wis pure borin",
        "scots-police-talk",
    ),
]

LESSON_TWINS = [
    _twin("pshe was on knife crime, i carry one now", "pshe-i-carry-one"),
    _twin_now(
        "drugs talk in pshe about overdoses, after it i took 20 of my mums pills", "pshe-took-20-pills"
    ),
    _twin(
        "suicide awareness assembly today, i already have a plan for how im going to kill myself",
        "assembly-have-a-plan",
    ),
    _twin("pshe on signs someone wants to kill themselves. thats me, i want to kill myself", "pshe-thats-me"),
    _twin("i stabbed myself in food tech on purpose", "food-tech-on-purpose"),
    _twin("food tech knife skills, i took a knife home to cut myself with", "food-tech-knife-home"),
    _twin(
        "chemistry said bleach and ammonia are poisonous, im going to mix them in my room to die",
        "chemistry-mix-to-die",
    ),
    _twin(
        "first aid course on deep cuts, i cut my arm deep last night on purpose", "first-aid-cut-on-purpose"
    ),
    _twin("police talk on knives today, my brothers mate says hes going to stab me", "police-talk-stab-me"),
    _twin("Q: how many paracetamol kill you A: asking for me, i want to die", "quiz-asking-for-me"),
    _twin(
        "My son came home from the knife crime talk and showed me the knife he carries for protection",
        "parent-son-carries-knife",
    ),
    _twin(
        "in drama i pretended to get shot, then i went home and hit myself till i bruised",
        "drama-hit-myself",
    ),
    _twin(
        "pshe abt county lines 2day, im in it, they make me carry for them n i owe them",
        "textspeak-county-lines-me",
    ),
    _twin(
        "After the self-harm PSHE session a Year 9 pupil showed me fresh cuts on her arm",
        "staff-fresh-cuts",
    ),
    _twin("st john ambulance showed us overdoses and i want to take an overdose", "first-aid-want-overdose"),
    _twin_now("biology was on drowning, im going to walk into the sea tonight", "biology-sea-tonight"),
    _twin_now(
        "st john ambulance did a bit on pills, ive just taken 12 of my nans tablets", "first-aid-taken-12"
    ),
    _twin_now(
        "Q: what poison did romeo drink A: dunno but i drank some weedkiller an hour ago",
        "quiz-drank-weedkiller",
    ),
]


# --- 3. Games ---------------------------------------------------------------------------------------------

GAMES = [
    _everyday("died 6 times in minecraft tonight, fell in lava then a creeper blew me up", "minecraft-lava"),
    _everyday("jumped off a cliff in minecraft to get down quick, lost all my stuff", "minecraft-cliff"),
    _everyday("in roblox i keep jumping off the tower cos you just respawn", "roblox-respawn"),
    _everyday("got shot from behind in the final circle on fortnite, so annoyed", "fortnite-shot"),
    _everyday("my brother killed me in fortnite and now hes gloating", "fortnite-brother-killed-me"),
    _everyday("we played among us and i was imposter, stabbed everyone in electrical", "among-us"),
    _everyday("my gta character got stabbed and i respawned at the hospital", "gta-respawn"),
    _everyday("lol i died in the obby again, the lava jumps are impossible", "roblox-obby"),
    _everyday("link fell off the cliff and drowned in zelda, had to restart", "zelda-drowned"),
    _everyday("minecraft hunger games server, i killed 4 people and won", "minecraft-hunger-games"),
    _everyday("cod last nite, got shot in the head like 20 times lmao", "call-of-duty"),
    _everyday("bhai fortnite mein mujhe 3 baar shoot kar diya, noob", "roman-urdu-fortnite"),
    _everyday(
        "Is Roblox OK for an 8 year old? There is a game where you die and respawn a lot", "parent-roblox"
    ),
    _everyday("made my sim go swimming with no ladder and she drowned oops", "sims-drowned"),
    _everyday("in the game you jump off the bridge to get the secret coin", "game-bridge-coin"),
    _everyday("keep dying on the last level, the boss stabs you from behind", "game-boss-stabs"),
]

GAME_TWINS = [
    _twin_now(
        "in minecraft i jump off cliffs, irl im going to jump off the one at the park tonight",
        "minecraft-irl-cliff-tonight",
    ),
    _twin(
        "in roblox u respawn, irl i want to jump off the tower at school and not come back",
        "roblox-irl-tower",
    ),
    _twin("fortnite is fine but in real life i want to shoot myself", "fortnite-irl-shoot-myself"),
    _twin(
        "my brother killed me in fortnite, then he punched me for real and said hell kill me if i tell",
        "fortnite-brother-threat",
    ),
    _twin(
        "among us stabbing is funny but my dad actually stabbed my mum last night", "among-us-dad-stabbed-mum"
    ),
    _twin("i died in the obby again. i wish i could die irl", "obby-die-irl"),
    _twin_now("my sim drowned lol. im going to drown myself in the bath tonight", "sims-bath-tonight"),
    _twin("cod last nite, then i burnt my arm with a lighter on purpose", "cod-burnt-arm"),
    _twin(
        "fortnite mein shoot hua lol, lekin asli mein main khudkushi karna chahta hoon",
        "roman-urdu-khudkushi-2",
    ),
    _twin(
        "Roblox is fine, but she told me she wants to die and has been hurting herself",
        "parent-roblox-hurting",
    ),
    _twin("gta stabbed, respawn lol. irl i keep a knife under my pillow to hurt myself", "gta-knife-pillow"),
    _twin_now(
        "theres a bridge in the game but im on the real bridge now and im going to jump",
        "game-real-bridge-now",
    ),
    _twin("minecraft lava lol. irl i burn myself with my mums lighter", "minecraft-irl-burn"),
    _twin(
        "cod was fun. my brothers mate has a real gun and says hes going to shoot me", "cod-real-gun-threat"
    ),
    _twin("bhai fortnite mein shoot hua, asli mein bhai ne mujhe chaku mara", "roman-urdu-chaku"),
]


# --- 4. Comic or happy hyperbole ----------------------------------------------------------------------------

HYPERBOLE = [
    _everyday("that concert!!! i wanted to die it was so good", "concert-wanted-to-die"),
    _everyday("he said he was going to die on the big wheel, he was fine", "big-wheel"),
    _everyday("nearly died laughing when mr hale fell off his chair", "nearly-died-laughing"),
    _everyday("omg this pizza, i could die happy", "die-happy"),
    _everyday("im deaddd at that video", "im-dead"),
    _everyday("my feet are killing me after the school trip", "feet-killing-me"),
    _everyday("mum will kill me if im late again haha", "mum-will-kill-me"),
    _everyday("the rollercoaster was so fast i thought i was going to die, best day ever", "rollercoaster"),
    _everyday("that chilli was so hot i nearly died, my dad was crying", "chilli"),
    _everyday("i died when she walked in with that hat", "died-at-the-hat"),
    _everyday_concern(
        "id rather die than wear that jumper to the disco lol",
        "rather-die-than-jumper",
        "'rather die than' is the shape of a wish to die; a review is fair, a flag is not",
    ),
    _everyday("that match was boss, nearly died when salah scored", "scouse-salah"),
    _everyday(
        "My daughter says she wanted to die of embarrassment when I sang at the school gate, ha!",
        "parent-embarrassment",
    ),
    _everyday("so dying to see the new spiderman film", "dying-to-see"),
    _everyday("The kids were dying laughing at the magician, great assembly", "staff-magician"),
    _everyday("ah wis deid laughin at the panto", "scots-panto"),
    _everyday("this heat is killing me, can we have the session inside", "heat-killing-me"),
    _everyday("the maths mock killed me, 3 hours of pure pain", "mock-killed-me"),
    _everyday("we nearly died on the walk up snowdon, so steep, but the view!!", "snowdon"),
    _everyday("hahaha he was screaming he was gonna die on the log flume, soaked", "log-flume"),
]

HYPERBOLE_TWINS = [
    _twin("i wanted to die and its not a joke", "wanted-to-die-not-a-joke"),
    _twin_now("my brother said he is going to die and he has the rope", "brother-going-to-die-has-rope"),
    _twin("nearly died laughing today but at night i cry and want to die", "laughing-then-want-to-die"),
    _twin("i could die happy, actually no i just want to die", "die-happy-actually"),
    _twin("im dead inside and i want to kill myself", "dead-inside-kill-myself"),
    _twin("my feet are killing me and my dad hits me every night", "feet-and-dad-hits"),
    _twin("mum will kill me if im late, she hit me with a belt last time", "mum-belt"),
    _twin(
        "the rollercoaster wasnt scary, what scares me is i want to end my life", "rollercoaster-end-my-life"
    ),
    _twin("that chilli nearly killed me lol. but i did take an overdose last week", "chilli-overdose"),
    _twin("id rather die than go home, my stepdad hurts me", "rather-die-stepdad"),
    _twin("nearly died when salah scored but im not joking i want to die", "scouse-not-joking"),
    _twin("My daughter says she wants to die. Not of embarrassment, she means it", "parent-means-it"),
    _twin("ah wis deid laughin but noo ah want tae end it aw", "scots-end-it-aw"),
    _twin("dying to see spiderman lol. jk i just want to be dead", "dying-to-see-want-dead"),
    _twin("this heat is killing me. also i cut myself again last night", "heat-cut-again"),
    _twin("we nearly died on snowdon. next time im going up alone to jump off the top", "snowdon-jump"),
    _twin("the maths mock killed me, and i keep cutting my legs after every exam", "mock-cutting-legs"),
]


# --- 5. Routine medicines -------------------------------------------------------------------------------

MEDICINES = [
    _everyday("nan took all her tablets this morning like the doctor said", "nan-tablets-doctor"),
    _everyday("i take my epilepsy tablets twice a day, 8am and 8pm", "epilepsy-twice-a-day"),
    _everyday("used my blue inhaler twice in pe, chest feels better now", "inhaler-in-pe"),
    _everyday("i do my insulin before lunch every day, can i do it in the medical room", "insulin-lunch"),
    _everyday("took all my morning tablets with breakfast like always", "own-morning-tablets"),
    _everyday(
        "Just to let you know Ayaan has taken his ADHD meds this morning, he may be a bit quiet",
        "parent-adhd-meds",
    ),
    _everyday("mum takes loads of tablets for her heart, she has a pill box for every day", "mum-pill-box"),
    _everyday_concern(
        "my sertraline got upped to 100mg, the doctor said take it in the morning",
        "sertraline-upped",
        "an antidepressant dose change: a low-mood note is fair, an overdose flag is not",
    ),
    _everyday("took 2 paracetamol for my headache, feel better now", "two-paracetamol"),
    _everyday("my insulin pen ran out at school, mum is bringing a new one", "insulin-pen-ran-out"),
    _everyday("ammi ne subah saari dawai le li, jaise doctor ne kaha tha", "roman-urdu-ammi-dawai"),
    _everyday("tkn my epilepsy meds n had brekkie, on my way", "textspeak-meds"),
    _everyday("grandad has to take 12 tablets a day now, its a lot but hes ok", "grandad-12-a-day"),
    _everyday(
        "Pupil has taken her prescribed melatonin at home as usual, please note for the residential trip",
        "staff-melatonin",
    ),
    _everyday(
        "taid took his heart tablets like the doctor said and then we went to the beach", "taid-tablets"
    ),
    _everyday("my little brother has his inhaler and epipen in his bag for the trip", "epipen-trip"),
    _everyday(
        "finished the whole course of antibiotics like the gp said, ear is better", "antibiotics-course"
    ),
]

MEDICINE_TWINS = [
    _twin_now("i took all my tablets at once", "took-all-at-once"),
    _twin_now(
        "nan takes all her tablets like the doctor said, but i took all of hers tonight", "took-nans-tonight"
    ),
    _twin_now("i take my epilepsy tablets twice a day but today i took the whole box", "epilepsy-whole-box"),
    _twin_now("i injected all my insulin at once so i wont wake up", "insulin-all-at-once"),
    _twin_now("took 30 paracetamol, not for my headache, to end it", "thirty-paracetamol"),
    _twin("im saving up my sertraline so i can take them all at once", "saving-sertraline"),
    _twin_now("maine saari dawai ek saath kha li, marna hai mujhe", "roman-urdu-saari-dawai"),
    _twin_now("tkn all my meds at once, sry, bye", "textspeak-all-meds-bye"),
    _twin_now("Pupil says she has taken about 15 of her mum's tablets at lunch", "staff-pupil-took-15"),
    _twin_now("took all taids heart tablets, i dont want to wake up", "taid-heart-tablets"),
    _twin_now(
        "my little brother swallowed a load of mums tablets and wont wake up", "little-brother-wont-wake"
    ),
    _twin_now("grandad keeps his tablets in a box, im going to take them all tonight", "grandad-box-tonight"),
    _twin_now("my insulin is in my bag and im going to inject all of it tonight", "insulin-tonight"),
    _twin_now(
        "used my inhaler, then i took a whole box of my mums sleeping tablets",
        "inhaler-then-sleeping-tablets",
    ),
    _twin_now(
        "Ayaan took all his ADHD meds at once this morning, the whole box, he is very drowsy",
        "parent-adhd-whole-box",
    ),
    _twin_now(
        "mum takes loads of heart tablets, i took a handful of her heart tablets to die", "mum-heart-handful"
    ),
    _twin_now(
        "my sertraline got upped, ive saved 3 weeks of my sertraline to take in one go tonight",
        "sertraline-tonight",
    ),
    _twin_now(
        "took 2 paracetamol for my headache, then the rest of the packet to end it",
        "paracetamol-rest-of-packet",
    ),
    _twin_now(
        "Pupil on the residential says she swallowed the whole bottle of melatonin, she is very sleepy",
        "staff-melatonin-whole-bottle",
    ),
]


#: Known gaps after the benign rules were written (13th session), each a strict xfail: it fails today and must
#: keep failing until the gap is closed, so closing one shows up.
GAPS = {
    "lord-of-the-flies": "the harm comes eight words after the title, past the phrase language's "
    "four-word gap; a frame rule that wide would also hide a real stabbing "
    "told in the same message",
    "staff-inspector-calls-support": "'eva's suicide' said by staff: the bare word 'suicide' is "
    "kept high on purpose",
    "pshe-drugs-overdose": "'what happens if you overdose' is also how a young person researches a "
    "method, so it is not set aside even after 'a drugs talk'",
    "fortnite-shot": "the game is named six words after 'got shot', past the four-word gap",
    "romeo-juliet-acted": "Romeo and Juliet are real first names, so a bare 'romeo' or 'juliet' is "
    "not read as a character (review13: 'romeo got stabbed at the park last "
    "night')",
    "macbeth-offstage": "Duncan is a real first name (review13: 'duncan took an overdose last night')",
    "pshe-knife-crime-talk": "the lesson named first ('pshe today was on knife crime') hid the "
    "writer's own knife one or two words later ('lol i carry one every "
    "day', review13), so there is no such rule",
    "roman-urdu-police-talk": "'knife crime ke baare mein' hid 'main unke liye drugs bechta hoon' (review13)",
    "call-of-duty": "'got shot like 20 times' without a game hid 'my brother was stabbed 3 times' (review13)",
    "epilepsy-whole-box": "'took the whole box' with no medicine named is also sweets ('my brother "
    "took the whole box and didnt save me any', review13)",
    "insulin-tonight": "'inject' as a phrase word turned 'infected', 'invested' and 'objected' into"
    " 'injected'",
    "roman-urdu-chaku": "'chaku mara' is not in the lexicon: 'mara' as a word turned Gujarati "
    "'maara' (my) and Geordie 'marra' into it",
    "roman-urdu-saari-dawai": "'saari dawai ek saath kha li' is not in the lexicon: its words "
    "('saath', 'li') became spelling-repair and splitting targets "
    "('haath' read as 'saath', 'application' as 'app li cation'); 'marna "
    "hai mujhe' still makes it high",
}


def _marked(params: list[object]) -> list[object]:
    out = []
    for p in params:
        reason = GAPS.get(str(p.id))  # type: ignore[attr-defined]
        marks = [gap(reason)] if reason else []
        out.append(pytest.param(*p.values, id=p.id, marks=marks))  # type: ignore[attr-defined]
    return out


EVERYDAY = _marked([*STORIES, *LESSONS, *GAMES, *HYPERBOLE, *MEDICINES])
TWINS = _marked([*STORY_TWINS, *LESSON_TWINS, *GAME_TWINS, *HYPERBOLE_TWINS, *MEDICINE_TWINS])


@pytest.mark.parametrize(("text", "ceiling"), EVERYDAY)
def test_everyday_story_lesson_game_or_medicine_is_not_flagged(
    screener: Screener, text: str, ceiling: Severity
) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] <= SEVERITY_ORDER[ceiling], (text, ceiling, found.to_audit())


@pytest.mark.parametrize(("text", "floor"), TWINS)
def test_the_same_setting_with_real_risk_still_counts(screener: Screener, text: str, floor: Severity) -> None:
    found = screener.screen(text)
    if floor == IMMEDIATE:
        assert found.severity == "immediate", (text, found.to_audit())
    else:
        assert found.severity in ("high", "immediate"), (text, found.to_audit())


def test_the_ids_are_unique() -> None:
    ids = [p.id for p in (*EVERYDAY, *TWINS)]  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids))
