"""Write ``safeguarding/data/corpus/everyday_logistics_sg.csv``: everyday messages in the styles the risk
texts use most (parents and carers writing about a child, long messages, formal letters, friends writing
about a friend, status updates), so that the learned screen does not read a style as risk.

Deterministic (seeded); run from the repository root:

    .venv/bin/python scripts/write_everyday_logistics.py

Every text is built from hand-written pieces below; none is a real message.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path("safeguarding/data/corpus/everyday_logistics_sg.csv")
SOURCE = "written:sg-helper-2026-12-05 (template)"

CHILD = [
    "my son",
    "my daughter",
    "my grandson",
    "my granddaughter",
    "my nephew",
    "my niece",
    "my little one",
    "our foster son",
    "our foster daughter",
    "my stepson",
    "my stepdaughter",
    "my boy",
    "my girl",
]
NAME = [
    "Amir",
    "Chloe",
    "Jayden",
    "Zainab",
    "Olly",
    "Maja",
    "Tyler",
    "Ruby",
    "Kacper",
    "Aisha",
    "Leo",
    "Freya",
]
REASON = [
    "has a blood test tomorrow",
    "has a dentist appointment on Tuesday",
    "has a hospital appointment for his ears",
    "has a hospital appointment for her eyes",
    "has a football match on Saturday",
    "is going on a school trip",
    "has a cold",
    "has a tummy bug",
    "has an orthodontist appointment",
    "has swimming lessons after school now",
    "has a music exam that day",
    "is at her dads this week",
    "is at his mums this weekend",
    "has chickenpox",
    "has a flu jab at school",
    "has his GCSE mocks",
    "has her art exam",
    "has a parents evening at the same time",
    "has a scout camp this weekend",
    "has a dance show on Friday",
    "has a family wedding in Leicester",
    "is staying at her nans",
    "has an eye test",
    "has a vaccination at the GP",
    "has started a Saturday job",
    "has netball practice on Wednesdays now",
    "has a sleepover for a birthday",
]
CONSEQUENCE = [
    "so might be late",
    "so will miss the session",
    "so cannot come this week",
    "so could we move it to next week",
    "so can we do a phone call instead",
    "so may be a bit tired",
    "so could the appointment be after 4",
    "so she will come on Thursday instead",
    "so he will be there at 3 instead of 2",
    "so please send the letter to me",
]
OPENER = [
    "just a heads up",
    "hi, quick message",
    "hello",
    "hi its mum here",
    "hi its dad here",
    "morning",
    "good afternoon",
    "sorry to bother you",
    "hi, this is {name}'s mum",
    "hi, this is {name}'s dad",
    "hello, I am {name}'s grandmother",
    "hi, {name}'s carer here",
]
CLOSER = [
    "thanks",
    "thank you",
    "many thanks",
    "kind regards",
    "cheers",
    "thanks so much",
    "sorry for the short notice",
    "",
    "",
    "x",
]
FRIEND = ["my mate", "my friend", "my best friend", "a girl in my class", "a boy in my form", "my cousin"]
FRIEND_THING = [
    "wants to join the group",
    "says hi",
    "wants to know what time it is",
    "asked if she can come too",
    "is doing the same course as me",
    "got the top mark in science",
    "is having a party on saturday",
    "lent me her charger",
    "wants your number for her mum",
    "is going to the same college",
    "is starting the art club with me",
    "thinks the sessions sound good",
    "has a new puppy",
    "got into the football team",
    "is learning to drive",
    "is coming round after school",
]
STATUS = [
    "waiting outside room {n}",
    "in reception now",
    "sat in the car park, be there in 2 mins",
    "at the front desk",
    "outside the library",
    "on the bus, 10 mins away",
    "stuck in traffic, be there soon",
    "in the waiting room",
    "by the main doors",
    "upstairs by room {n}",
    "parking now",
    "just got off the train",
    "walking over now",
    "at the gate, which door do i use",
    "here, do i knock or wait",
    "in the canteen, come find me",
]
DAY = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "tomorrow",
    "next week",
    "after half term",
]
TEEN_EVENT = [
    "went to the cinema with my cousins",
    "got a new phone",
    "started at the youth club",
    "went bowling",
    "made a cake with my nan",
    "finished my coursework",
    "went swimming",
    "played football in the park",
    "got my ears pierced",
    "watched the match with my dad",
    "went shopping for a prom dress",
    "tidied my whole room",
    "had a takeaway",
    "went to my friends house",
    "got a merit at school",
    "did my paper round",
    "went to the beach",
    "started learning guitar",
    "helped my mum in the garden",
]
FEELING = [
    "it was really fun",
    "i feel good about it",
    "i was a bit nervous but it was fine",
    "it was a nice day",
    "i am really proud",
    "we laughed loads",
    "i was knackered after",
    "it was boring but ok",
]


ASK = [
    "Could we please rearrange?",
    "Please could someone call me?",
    "He will not be able to attend.",
    "She will not be able to attend.",
]
START = ["so", "ok so", "right so", "hiya", "just saying"]
END = [
    "anyway see you soon",
    "anyway thats my news",
    "can we talk about it next time",
    "just wanted to tell someone",
]


def _fill(text: str, rng: random.Random) -> str:
    return text.format(name=rng.choice(NAME), child=rng.choice(CHILD), n=rng.randint(2, 40))


def parent(rng: random.Random) -> str:
    parts = [
        _fill(rng.choice(OPENER), rng),
        f"{rng.choice(CHILD)} {rng.choice(REASON)} {rng.choice(CONSEQUENCE)}",
    ]
    closer = rng.choice(CLOSER)
    text = ", ".join(parts) + (f". {closer}" if closer else "")
    return text[0].upper() + text[1:] if rng.random() < 0.5 else text


def formal(rng: random.Random) -> str:
    child = rng.choice(CHILD)
    opener = rng.choice(
        [
            "Dear team, I am writing to let you know that",
            "Good morning. I am writing on behalf of",
            "Good afternoon. I would like to let you know that",
            "Hello. Please note that",
        ]
    )
    middle = (
        f"{child}, who {rng.choice(REASON)}"
        if opener.endswith("behalf of")
        else f"{child} {rng.choice(REASON)}"
    )
    return (
        f"{opener} {middle} on {rng.choice(DAY)}. "
        f"{rng.choice(ASK)} "
        f"{rng.choice(['Kind regards.', 'Many thanks.', 'Thank you for your help.'])}"
    )


def friend(rng: random.Random) -> str:
    return f"{rng.choice(FRIEND)} {rng.choice(FRIEND_THING)}"


def status(rng: random.Random) -> str:
    return _fill(rng.choice(STATUS), rng)


def long_teen(rng: random.Random) -> str:
    a, b = rng.sample(TEEN_EVENT, 2)
    return (
        f"{rng.choice(START)} on {rng.choice(DAY)} i {a} and then i {b} "
        f"and {rng.choice(FEELING)}, {rng.choice(END)}"
    )


#: Evaluation files whose texts are kept out of training (the frozen blind sets of later rounds are not read).
HELD_OUT = [
    *Path("tests/safeguarding/data").glob("heldout*.csv"),
    *(
        Path("tests/safeguarding/data/blind") / f"{kind}_round{n}.csv"
        for kind in ("blind", "everyday")
        for n in (5, 6)
    ),
]


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def main() -> None:
    rng = random.Random(20261205)
    held_out = set()
    for path in HELD_OUT:
        with path.open(newline="", encoding="utf-8") as handle:
            held_out.update(_key(row["text"]) for row in csv.DictReader(handle))
    makers = [(parent, 260), (formal, 60), (friend, 80), (status, 80), (long_teen, 140)]
    seen: set[str] = set()
    rows: list[list[str]] = []
    style = {
        "parent": "parent_about_child",
        "formal": "formal",
        "friend": "friend_about_friend",
        "status": "very_short",
        "long_teen": "long",
    }
    for maker, count in makers:
        made = 0
        while made < count:
            text = maker(rng)
            key = _key(text)
            if key in seen or key in held_out:
                continue
            seen.add(key)
            rows.append([text, "none", "", style[maker.__name__], SOURCE])
            made += 1
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["text", "severity", "category", "style", "source"])
        writer.writerows(rows)
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
