"""Probes from a review (helper ``review14``, fourteenth session) of a lexicon change that was then withdrawn:
branch l29 (helper lex14's benign rules ``live_in_a_place``, ``cliff_outing``, ``pill_organiser``,
``film_about_topic`` and ``sleep_till_a_time`` for blind round 28's everyday false alarms, new risk phrases in
suicide.methods, suicide.stockpiling and exploitation.sextortion, and a lead's edit that deleted one
attempt_now phrase by mistake).

Every case failed on l29 (180 of 181) and passes with main's lexicon, so the change was not merged (it
also moved nothing on blind round 29: docs/safeguarding-model.md). They stay as regression tests: the next
rule written for these kinds of everyday text (a place one does not want to live in, a cliff-top outing, a
pill organiser, a film in a lesson, sleeping till a date) must not hide the risk told next to it, nor raise
these everyday texts.
Screened on the lexicon alone (the ``screener`` fixture); "old" / "new" in each ``why`` are the lexicon-alone
severities on main / l29. Every text is invented; every name is fictional.

Groups:

* hidden_*: a young person, parent or staff member telling of real risk (the writer's or a child's) that a
  new benign rule sets aside, so it screens below ``high``. Each rule covers its risk hit (``dont want to
  live``, ``stood at the edge of the cliff``, ``took all my tablets``, ``sextortion`` / ``county lines``,
  ``sleep and never wake up``) whenever the risk told next to it uses a word its ``not_if`` does not list.
* lost_whole_box: 764d84f deleted a PRE-EXISTING attempt_now phrase (added by review13 in a69e2f2) together
  with lex14's draft phrases: "took the whole box of my sleeping tablets" fell from immediate to none.
* raised_*: everyday texts a new risk phrase raises to high or immediate (none at 0d08f68).
"""

from __future__ import annotations

import pytest

from safeguarding import SEVERITY_ORDER
from safeguarding.screening import Screener


def _p(text: str, id: str, why: str) -> object:
    return pytest.param(text, why, id=id)


# --- hidden: benign.live_in_a_place -------------------------------------------------------------------------
# The canonical form drops full stops, commas and "!!", so "i dont want to live. In this house ..." reads as
# "dont want to live in this house" and the place rule covers the wish to die. Its not_if lists "no more" but
# not "nomore", lists pills/tablets but not paracetamol, bleach, a belt, a window, gas, "now", "a plan",
# "sorry", "heaven" or "gone"; and a child saying they do not want to live in their house because of what an
# adult does to them at night is a disclosure, not a housing preference. All were high or immediate at
# 0d08f68.
HIDDEN_PLACE = [
    _p(
        "i dont want to live in this flat anymore, want to throw myself out the window",
        "place-out-the-window",
        "a method named; old high, new none",
    ),
    _p(
        "i dont want to live in this house anymore i want to vanish",
        "place-want-to-vanish",
        "old high, new none",
    ),
    _p(
        "i dont want to live. In this house everyone hates me",
        "place-fullstop-everyone-hates-me",
        "full stop dropped; old high, new none",
    ),
    _p(
        "I dont want to live!! In this town everyone knows what happened to me",
        "place-bang-this-town",
        "'!!' dropped; old high, new none",
    ),
    _p(
        "i dont want to live, in this house i am just a burden",
        "place-comma-burden",
        "comma dropped, burden; old high, new none",
    ),
    _p(
        "i dont want to live. in my house theres paracetamol in the cupboard",
        "place-paracetamol-cupboard",
        "means named, paracetamol not in not_if; old immediate, new none",
    ),
    _p(
        "i dont want to live. in this house ive got the bleach",
        "place-bleach",
        "means in hand; old immediate, new none",
    ),
    _p(
        "i dont want to live. in the house, ive got the belt ready",
        "place-belt-ready",
        "ligature ready; old high, new none",
    ),
    _p(
        "dont want to live. in the house, the gas is on",
        "place-gas-on",
        "means under way; old immediate, new none",
    ),
    _p(
        "i dont want to live. in this flat on the 9th floor the window opens all the way",
        "place-window-9th-floor",
        "height and a window; old high, new none",
    ),
    _p(
        "i dont want to live. by the road now",
        "place-by-the-road-now",
        "'now' is a cue the rule's not_if lacks; old immediate, new none",
    ),
    _p(
        "i dont want to live. on the street outside school i just want to step out",
        "place-step-out",
        "step out into traffic; old high, new none",
    ),
    _p(
        "i dont want to live. in the house on my own, mum is away till sunday",
        "place-alone-mum-away",
        "alone, no adult; old high, new none",
    ),
    _p("i dont want to live. in my house, the pain is too much", "place-pain-too-much", "old high, new none"),
    _p(
        "i dont want to live in this house, i have a plan",
        "place-i-have-a-plan",
        "a plan; old immediate, new none",
    ),
    _p(
        "dont want to live in this house anymore. sorry for everything",
        "place-sorry-for-everything",
        "farewell; old immediate, new none",
    ),
    _p(
        "i dont want to live in this house anymore. love you all",
        "place-love-you-all",
        "farewell; old high, new none",
    ),
    _p(
        "i dont want to live in this house. by tomorrow ill be gone",
        "place-by-tomorrow-gone",
        "old high, new none",
    ),
    _p(
        "i dont want to live in this house anymore, i want to be with my nan in heaven",
        "place-nan-in-heaven",
        "wish to be dead in other words; old high, new none",
    ),
    _p(
        "i dont want to live in this house anymore, i want to be with my dad in heaven",
        "place-dad-in-heaven",
        "old high, new none",
    ),
    _p(
        "i dont wanna live in this house nomore",
        "place-nomore",
        "not_if has 'no more' but not 'nomore' ('no more' stays high); old high, new none",
    ),
    _p(
        "i dont want to live in my house. no one would care",
        "place-no-one-would-care",
        "old high, new concern",
    ),
    _p(
        "i dont want to live in this house anymore because of what my stepdad does to me at night",
        "place-stepdad-at-night",
        "abuse at home told plainly; old high, new none",
    ),
    _p(
        "i dont want to live in this house anymore, what he does to me at night is wrong",
        "place-what-he-does",
        "abuse at home; old high, new none",
    ),
    _p(
        "my daughter says she doesnt want to live in this house anymore, she says her stepdad comes into her "
        "room at night",
        "place-parent-stepdad-room",
        "parent telling of abuse; old high, new none",
    ),
    _p(
        "Pupil said she does not want to live in her house anymore because of what her dad does to her",
        "place-staff-what-her-dad-does",
        "staff telling of abuse; old high, new none",
    ),
]

# --- hidden: benign.cliff_outing ----------------------------------------------------------------------------
# "stood at the edge of the cliff" is attempt_now (immediate) at 0d08f68. The rule needs only "with my X ...
# to see / watch", so "with my tablets", "with my note", "with my thoughts", "with the rope" count as company,
# and its not_if misses final / last sunset, leap, dive, go over, let myself go, gone, never come back, hit
# it, walking off, the voices, "so close to doing it".
HIDDEN_CLIFF = [
    _p(
        "sat at the cliff edge with my mum to look at the sea, i could feel it calling me",
        "cliff-calling-me",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, if he hadnt been there i would have",
        "cliff-if-he-hadnt-been-there",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with the school to look at the sea, i keep planning to come back",
        "cliff-planning-to-come-back",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the sea for the final time",
        "cliff-final-time",
        "'final' not 'last'; old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to watch my last sunset",
        "cliff-my-last-sunset",
        "old immediate, new none",
    ),
    _p(
        "sat on the cliff edge with my family to watch the sunset, it'll be my last",
        "cliff-itll-be-my-last",
        "old immediate, new none",
    ),
    _p(
        "sat on the cliff edge with my tablets to watch the sunset",
        "cliff-with-my-tablets",
        "the 'company' is the means; old immediate, new none",
    ),
    _p(
        "sat at the edge of the cliff with my pills to watch the sun go down",
        "cliff-with-my-pills",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my note to watch the sea",
        "cliff-with-my-note",
        "a note; old immediate, new none",
    ),
    _p(
        "stood at the top of the cliff with the rope to see the view",
        "cliff-with-the-rope",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my thoughts to watch the waves",
        "cliff-with-my-thoughts",
        "alone in other words; old immediate, new none",
    ),
    _p(
        "sat at the top of the cliff with the vodka to watch the sunset, then im going over",
        "cliff-vodka-going-over",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, one step and it would all be over",
        "cliff-one-step-over",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, i could have just leapt",
        "cliff-leapt",
        "'leapt' not 'jump'; old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, i thought about leaping",
        "cliff-leaping",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals and i wanted to dive off",
        "cliff-dive-off",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals and thought about how easy it would "
        "be to "
        "go over",
        "cliff-easy-to-go-over",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to look at the seals, i wanted to go over the side",
        "cliff-over-the-side",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my mum to watch the waves, imagined myself down there on the "
        "rocks",
        "cliff-imagined-rocks",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals n i just wanted to let myself go",
        "cliff-let-myself-go",
        "'let myself go' not 'let go'; old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, next time i go without him",
        "cliff-next-time-without-him",
        "old immediate, new none",
    ),
    _p(
        "stood at the top of the cliff with my dad to see the view, i keep thinking about going back there "
        "tonight",
        "cliff-back-there-tonight",
        "'tonight' not in not_if; old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, the voices told me to",
        "cliff-voices",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals and i just want to never come back",
        "cliff-never-come-back",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the sea and i wanted to be gone",
        "cliff-be-gone",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals. i want to go back there and not come "
        "home",
        "cliff-not-come-home",
        "old immediate, new none",
    ),
    _p(
        "stood on the cliff edge with my mates to see the water, thought about how it would feel to hit it",
        "cliff-hit-it",
        "old immediate, new none",
    ),
    _p(
        "we stood at the edge of the cliff with my dad to see the seals, i felt like walking off",
        "cliff-walking-off",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, i wanted to lean forward and let "
        "gravity "
        "do it",
        "cliff-gravity",
        "old immediate, new none",
    ),
    _p(
        "stood at the cliff edge with my dad to see the seals, i wish the wind would blow me off",
        "cliff-wind",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, then i want to go back and do it",
        "cliff-go-back-and-do-it",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to see the seals, i was so close to doing it",
        "cliff-so-close",
        "old immediate, new none",
    ),
    _p(
        "stood at the edge of the cliff with my dad to look at the sea and i swear i was going to go",
        "cliff-going-to-go",
        "old immediate, new none",
    ),
    _p(
        "my son stood at the edge of the cliff with his friends to see the waves and said he wished he "
        "could fly "
        "off it",
        "cliff-parent-fly-off",
        "parent; old immediate, new none",
    ),
]

# --- hidden: benign.pill_organiser --------------------------------------------------------------------------
# "took all my tablets" is attempt_now (immediate) at 0d08f68. The not_if lists "took them" but not "took all
# of them", "took em all", "had them all", "had the lot", "popped", "ate every", "scoffed", "crushed"; nor
# "ready", "enough", "a plan", farewells; and its hiding places are only "(under|in|behind) (my|the) ...", so
# a parent's "under her bed", "in her drawer", a pencil case or a bath panel are not hiding.
HIDDEN_PILLS = [
    _p(
        "i took all my tablets out and put them in the little box for when im ready",
        "pills-for-when-im-ready",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box, im having them all on friday",
        "pills-having-them-all-friday",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in a little box, then i had them all",
        "pills-had-them-all",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets for the week out and put them in the little box, then i took all of them",
        "pills-took-all-of-them",
        "'took all of them' escapes 'took them'; old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box n took em all",
        "pills-took-em-all",
        "textspeak; old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box then had em all",
        "pills-had-em-all",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box and took every one",
        "pills-took-every-one",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box, then popped every one",
        "pills-popped-every-one",
        "old immediate, new none",
    ),
    _p(
        "took all my pills out and put them in a small box then i ate every single one",
        "pills-ate-every-one",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box and scoffed them",
        "pills-scoffed",
        "old immediate, new none",
    ),
    _p(
        "took all my pills out and put them in the little box and had the lot with vodka",
        "pills-lot-with-vodka",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box then crushed them up and drank them",
        "pills-crushed-drank",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets for the month out and put them in a little box, then i had the lot",
        "pills-month-had-the-lot",
        "old immediate, new none",
    ),
    _p(
        "took all my pills out and put them in the pill box so i can sleep forever",
        "pills-sleep-forever",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box for the end",
        "pills-for-the-end",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box, ready for sunday night",
        "pills-sunday-night",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box so i have enough",
        "pills-have-enough",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box, thats enough to kill me",
        "pills-enough-to-kill",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box, i counted 40, enough now",
        "pills-counted-40",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in a little box so i dont have to feel anything anymore",
        "pills-not-feel-anything",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in a little box, ive got a plan",
        "pills-ive-got-a-plan",
        "old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box, goodnight everyone",
        "pills-goodnight-everyone",
        "farewell; old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box, love you mum",
        "pills-love-you-mum",
        "farewell; old immediate, new none",
    ),
    _p(
        "took all my tablets out and put them in the little box. sorry for everything",
        "pills-sorry-for-everything",
        "farewell; old immediate, new none",
    ),
    _p(
        "took all mums pills out and put them in a little box so no one knows",
        "pills-so-no-one-knows",
        "secret; old immediate, new none",
    ),
    _p(
        "took all my meds out and put them in a little box, nobody knows",
        "pills-nobody-knows",
        "secret; old immediate, new none",
    ),
    _p(
        "My daughter took all her tablets out and put them in a little box under her bed",
        "pills-parent-under-her-bed",
        "not_if has 'under my bed', not 'her'; old immediate, new none",
    ),
    _p(
        "my daughter took all her meds out and put them in a little box in her drawer, i found it last night",
        "pills-parent-her-drawer",
        "old immediate, new none",
    ),
    _p(
        "i took all my meds out and put them in a little box in my pencil case",
        "pills-pencil-case",
        "hidden; old immediate, new none",
    ),
    _p(
        "i took all my tablets out of the packets and put them in a little box behind the bath panel",
        "pills-bath-panel",
        "hidden; old immediate, new none",
    ),
]

# --- hidden: benign.film_about_topic ------------------------------------------------------------------------
# Unlike benign.learning_about, the film rule has no stop after the topic (!(i|im|my|me|thats me ...)) and a
# narrower not_if than the shared *writer_in_it anchor (no "my brother is doing it / is in it / carries / runs
# for them"). So a disclosure right after the lesson is set aside: "thats basically me", "that girl is me",
# "hes doing that to me", "im going through that", a brother in county lines, FGM or a forced marriage
# planned.
HIDDEN_FILM = [
    _p(
        "my life is like a film about a girl who got groomed, but the girl is me",
        "film-the-girl-is-me-groomed",
        "old high, new none",
    ),
    _p(
        "that drama about a girl who got groomed, thats my story", "film-thats-my-story", "old high, new none"
    ),
    _p(
        "watched a programme about a boy who got sextorted, exact same thing is going on with me",
        "film-same-thing-going-on",
        "old high, new none",
    ),
    _p(
        "a film about county lines, i have to take a bag to a house in leeds tomorrow for them",
        "film-take-a-bag-tomorrow",
        "old high, new none",
    ),
    _p(
        "video on county lines, my cousin has to sell for them to pay off his debt",
        "film-cousin-sells-debt",
        "old high, new none",
    ),
    _p(
        "we watched a film about county lines in pshe, my brother is doing it",
        "film-brother-doing-it",
        "*writer_in_it has this; old high, new none",
    ),
    _p(
        "we watched a film about county lines in pshe, my brother is in it",
        "film-brother-in-it",
        "old high, new none",
    ),
    _p(
        "a film about county lines in pshe and my brother carries for them",
        "film-brother-carries",
        "old high, new none",
    ),
    _p(
        "vid about county lines today, my big bro runs for them",
        "film-big-bro-runs-for-them",
        "old immediate, new none",
    ),
    _p(
        "a film on county lines, they give me free stuff and now i have to pay it back by taking bags",
        "film-pay-it-back-bags",
        "debt bondage; old high, new none",
    ),
    _p(
        "a video on sextortion, im going through that right now",
        "film-going-through-that",
        "old immediate, new none",
    ),
    _p(
        "a video on sextortion, thats basically me",
        "film-basically-me",
        "'thats me' is in not_if, 'thats basically me' is not; old high, new none",
    ),
    _p("a video on sextortion, thats literally me rn", "film-literally-me-rn", "old immediate, new none"),
    _p("a film about sextortion in pshe, that girl is me", "film-that-girl-is-me", "old high, new none"),
    _p("a film about sextortion in pshe, me too", "film-me-too", "disclosure; old high, new none"),
    _p(
        "a film about sextortion in pshe, hes doing that to me",
        "film-hes-doing-that-to-me",
        "old high, new none",
    ),
    _p(
        "a film about sextortion in pshe, hes doing that to my sister",
        "film-doing-that-to-my-sister",
        "old high, new none",
    ),
    _p(
        "a film about sextortion in pshe, i sent a boy pics and now he wants money",
        "film-sent-pics-wants-money",
        "sextortion told plainly; old high, new none",
    ),
    _p(
        "My son watched a video about sextortion and told me a man has his photos and wants money",
        "film-parent-man-has-his-photos",
        "parent; old high, new none",
    ),
    _p(
        "a film about child sexual exploitation, thats my life every weekend",
        "film-cse-my-life",
        "old high, new none",
    ),
    _p(
        "a lesson on fgm, my aunty says im having it done when we go home this summer",
        "film-fgm-having-it-done",
        "FGM planned; old high, new none",
    ),
    _p(
        "an assembly on forced marriage, thats whats going to happen to me",
        "film-forced-marriage-going-to-happen",
        "old high, new none",
    ),
    _p(
        "an assembly on forced marriage, i think thats whats planned for me in the summer",
        "film-forced-marriage-planned",
        "old high, new none",
    ),
    _p(
        "a video on radicalisation in citizenship, my brother watches those videos and talks about attacks",
        "film-radicalisation-brother-attacks",
        "old high, new none",
    ),
    _p(
        "a video about radicalisation in citizenship, my brother says hes going to join them",
        "film-radicalisation-join-them",
        "old high, new none",
    ),
]

# --- hidden: benign.sleep_till_a_time -----------------------------------------------------------------------
# "sleep and never wake up" is suicide.want_die (high) at 0d08f68. A full stop after "never wake up" is
# dropped, so "... never wake up. before christmas ill be gone" reads as sleep till christmas. The not_if
# misses permanently, "or after", "or evr", "4eva", gone, a farewell, and means other than pills/tablets/meds
# (sertraline, nytol, sleeping tabs, vodka).
HIDDEN_SLEEP = [
    _p(
        "i want to go to sleep and not wake up until the end of term, i cant cope with life",
        "sleep-cant-cope-with-life",
        "old immediate, new none",
    ),
    _p(
        "i want to go to sleep and never wake up. before christmas ill be gone",
        "sleep-fullstop-before-christmas",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up. before the summer i will do it",
        "sleep-fullstop-will-do-it",
        "old high, new none",
    ),
    _p(
        "i wanna go to sleep n never wake up. b4 xmas im doing it",
        "sleep-b4-xmas-doing-it",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up. before monday i have to sort my stuff out and say bye",
        "sleep-before-monday-say-bye",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up. until my birthday im going to be nice to everyone, then "
        "ill do "
        "it",
        "sleep-birthday-then-do-it",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up. til next week, bye everyone",
        "sleep-bye-everyone",
        "farewell; old immediate, new none",
    ),
    _p(
        "i want to go to sleep and never wake up. until the holidays its just pain and then its over",
        "sleep-then-its-over",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till summer, permanently",
        "sleep-permanently",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till summer. or after it",
        "sleep-or-after-it",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till christmas, or any day after",
        "sleep-or-any-day-after",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till summer, or evr",
        "sleep-or-evr",
        "'or ever' textspeak; old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till summer, 4eva",
        "sleep-4eva",
        "'4ever' stays high, '4eva' does not; old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till next year, i took some of mums sertraline",
        "sleep-sertraline",
        "means taken, not in not_if; old immediate, new none",
    ),
    _p(
        "took loads of nytol so i sleep and never wake up till monday",
        "sleep-nytol",
        "overdose told; old high, new none",
    ),
    _p(
        "going to take mums sleeping tabs and go to sleep and not wake up till summer",
        "sleep-sleeping-tabs",
        "old high, new none",
    ),
    _p(
        "i want to drink all of dads vodka and go to sleep and never wake up till next year",
        "sleep-vodka",
        "old high, new none",
    ),
    _p(
        "want to go to sleep and never wake up until its the end of the year, by then ill be gone",
        "sleep-by-then-gone",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till next year, i just want to be gone",
        "sleep-want-to-be-gone",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up until the holidays, and then never again",
        "sleep-never-again",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till next year, and i hope i dont",
        "sleep-hope-i-dont",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till monday, mum wont notice ive gone",
        "sleep-mum-wont-notice",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till monday, no one would even care if i didnt",
        "sleep-no-one-would-care",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till summer. nobody would care",
        "sleep-nobody-would-care",
        "old high, new concern",
    ),
    _p(
        "i want to sleep and never wake up before results day because i know ill fail and then i cant live "
        "with it",
        "sleep-cant-live-with-it",
        "old high, new none",
    ),
    _p(
        "i want to go to sleep and never wake up till summer, heaven would be better",
        "sleep-heaven",
        "old high, new none",
    ),
]

# --- lost: a pre-existing attempt_now phrase deleted by 764d84f ---------------------------------------------
# 764d84f took out lex14's draft "tablets ... swallowed them / took them all" phrases, and with them the line
# "(took|taken|swallowed|necked|downed) the whole (box|packet|pack|bottle|strip|tub) [of (my|his|her)] [adhd|
# epilepsy|heart|diabetes|sleeping] (tablets|...)", which is NOT lex14's: it came in with a69e2f2 (review13).
# The remaining "{take_past} {pills} (... the whole (box|packet|bottle|lot))" only catches the pills first.
LOST_WHOLE_BOX = [
    _p(
        "i took the whole box of my sleeping tablets",
        "whole-box-sleeping-tablets",
        "overdose; old immediate, new none",
    ),
    _p("took the whole packet of my adhd meds", "whole-packet-adhd-meds", "old immediate, new none"),
    _p(
        "he swallowed the whole bottle of his epilepsy pills",
        "whole-bottle-epilepsy",
        "old immediate, new none",
    ),
    _p(
        "my son has taken the whole box of his adhd tablets",
        "whole-box-parent-adhd",
        "old immediate, new none",
    ),
    _p("she took the whole packet of her heart tablets", "whole-packet-heart", "old immediate, new none"),
]

HIDDEN = [*HIDDEN_PLACE, *HIDDEN_CLIFF, *HIDDEN_PILLS, *HIDDEN_FILM, *HIDDEN_SLEEP, *LOST_WHOLE_BOX]


@pytest.mark.parametrize(("text", "why"), HIDDEN)
def test_hidden_risk_still_counts(screener: Screener, text: str, why: str) -> None:
    found = screener.screen(text)
    assert found.severity in ("high", "immediate"), (text, why, found.to_audit())


# --- raised: suicide.methods, new phrase "(going|went) to the (cliff|bridge|car park ...) to jump [off]" ----
# The stop after "jump [off]" sees one word, and only into / in / with / for: "jump start", "jump the queue",
# "jump on the bus", "jump off the rocks into the water", a rope swing, a bungee, a paraglide are immediate
# (the place is also a means cue). All were none at 0d08f68.
RAISED_METHODS = [
    _p("dad went to the car park to jump start mums car", "jump-start-mums-car", "old none, new immediate"),
    _p(
        "went down to the car park to jump start the van, battery was flat again",
        "jump-start-van",
        "old none, new immediate",
    ),
    _p(
        "off to the car park to jump start grandads car in the snow",
        "jump-start-grandad",
        "old none, new immediate",
    ),
    _p(
        "going out to the car park to jump the queue for the ferry",
        "jump-the-queue",
        "old none, new immediate",
    ),
    _p("walked to the bridge to jump on the bus", "bridge-jump-on-bus", "old none, new immediate"),
    _p(
        "heading to the car park to jump on the bus into town",
        "car-park-jump-on-bus",
        "old none, new immediate",
    ),
    _p("going to the car park to jump on my bike", "car-park-jump-on-bike", "old none, new immediate"),
    _p(
        "we went to the roof to jump on the trampoline they have up there",
        "roof-trampoline",
        "old none, new immediate",
    ),
    _p(
        "went to the car park to jump off the wall on our scooters",
        "car-park-scooters",
        "old none, new immediate",
    ),
    _p(
        "we went to the quarry to jump off the rocks into the water with the outdoor centre",
        "quarry-rocks-water",
        "supervised; old none, new high",
    ),
    _p(
        "went to the quarry to jump off the ledge into the lake, freezing but fun",
        "quarry-ledge-lake",
        "old none, new immediate",
    ),
    _p("went to the quarry to jump off the rope swing", "quarry-rope-swing", "old none, new immediate"),
    _p(
        "we went to the cliffs to jump off the low ones into the sea with the instructors",
        "cliffs-coasteering",
        "old none, new immediate",
    ),
    _p(
        "going to the cliffs to jump off at the coasteering place tomorrow",
        "cliffs-coasteering-tomorrow",
        "old none, new immediate",
    ),
    _p(
        "went to the cliff edge to jump off on a tandem paraglide with my uncle",
        "cliff-tandem-paraglide",
        "old none, new immediate",
    ),
    _p(
        "going to the top of the cliff to jump off a hang glider",
        "cliff-hang-glider",
        "old none, new immediate",
    ),
    _p(
        "we went up to the cliff top to jump off the sand dunes",
        "cliff-top-sand-dunes",
        "old none, new immediate",
    ),
    _p(
        "went to the bridge to jump off on the bungee with my dad, so scary but fun",
        "bridge-bungee",
        "old none, new immediate",
    ),
]

# --- raised: exploitation.sextortion, new phrase "(he|they) (filmed|recorded) me ... (share|post) it" -------
# Filming and sharing is how families, coaches and friends share a performance. All none at
# 0d08f68, high on l29.
RAISED_SEXTORTION = [
    _p(
        "he filmed me dancing and will share it on the class page",
        "filmed-dancing-class-page",
        "old none, new high",
    ),
    _p("he filmed me singing and wants to post it", "filmed-singing-post", "old none, new high"),
    _p("he recorded me singing to send it to nan", "recorded-singing-nan", "old none, new high"),
    _p("he recorded me doing my speech to send it to mum", "recorded-speech-mum", "old none, new high"),
    _p(
        "someone filmed me at the concert and shared it on the school insta",
        "filmed-concert-school-insta",
        "old none, new high",
    ),
    _p(
        "they filmed me scoring and will post it on the club page",
        "filmed-scoring-club-page",
        "old none, new high",
    ),
    _p("he made a video of me skating and will post it", "video-skating", "old none, new high"),
    _p(
        "a boy filmed me doing a kickflip and posted it, i look sick",
        "filmed-kickflip-posted",
        "old none, new high",
    ),
    _p("somebody recorded me singing at karaoke and posted it lol", "recorded-karaoke", "old none, new high"),
]

# --- raised: suicide.stockpiling, new phrase "{pills} ... ... (kept|saved) them (to|and) take them together"
# Taking two medicines together as prescribed. None at 0d08f68, immediate
# on l29 (tablets are also a means cue).
RAISED_STOCKPILING = [
    _p(
        "my vitamins and iron tablets, i kept them so i can take them together at breakfast",
        "vitamins-breakfast",
        "old none, new immediate",
    ),
    _p(
        "my antibiotics and my hayfever tablets, the pharmacist said keeping them to take them at the same "
        "time is "
        "fine",
        "pharmacist-same-time",
        "old none, new immediate",
    ),
    _p(
        "i have two inhalers and some tablets, i been keeping them so i can take them at the same time "
        "each day",
        "inhalers-same-time",
        "old none, new immediate",
    ),
    _p(
        "my adhd meds and my melatonin, i kept them and take them together every night, is that ok",
        "adhd-melatonin-together",
        "old none, new immediate",
    ),
    _p(
        "got my hayfever tablets and my antibiotics, keeping them and take them together in the morning",
        "hayfever-antibiotics-morning",
        "old none, new immediate",
    ),
    _p(
        "nan has so many pills, shes keeping them all to take them together at dinner",
        "nan-together-dinner",
        "old none, new immediate",
    ),
    _p(
        "the tablets for my skin, i saved them up to take them all together on holiday cos the doctor said "
        "so",
        "skin-tablets-holiday",
        "old none, new immediate",
    ),
]

RAISED = [*RAISED_METHODS, *RAISED_SEXTORTION, *RAISED_STOCKPILING]


@pytest.mark.parametrize(("text", "why"), RAISED)
def test_everyday_text_is_not_raised(screener: Screener, text: str, why: str) -> None:
    found = screener.screen(text)
    assert SEVERITY_ORDER[found.severity] <= SEVERITY_ORDER["concern"], (text, why, found.to_audit())


def test_the_ids_are_unique() -> None:
    ids = [p.id for p in (*HIDDEN, *RAISED)]  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids))
