"""Write ``safeguarding/data/common_english.txt``: everyday English words, for the bare-plan rule.

A word beside a place is taken as part of the place's name ("iffley lock", "burton bridge") only when it is
not an everyday English word ("bike lock", "model railway", "dental bridge" are not names). Everyday means a
Zipf frequency of at least 4.0 in wordfreq's English list (about once per 100,000 words of text): 7,080 words.
The list is written once and shipped (53 KB) so that screening never loads wordfreq's 30 MB table.

    PYTHONPATH=. .venv/bin/python scripts/common_words.py

wordfreq's code is Apache-2.0; its word lists are built from sources under CC-BY-SA 4.0 (see its README).
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

OUT = Path(__file__).resolve().parent.parent / "safeguarding" / "data" / "common_english.txt"
MIN_ZIPF = 4.0


def main() -> None:
    words = sorted(
        word
        for word in top_n_list("en", 60000)
        if re.fullmatch("[a-z]+", word) and zipf_frequency(word, "en") >= MIN_ZIPF
    )
    header = (
        f"# Everyday English words: wordfreq {version('wordfreq')} 'en', Zipf frequency >= {MIN_ZIPF}"
        f" ({len(words)} words).\n"
        "# Written by scripts/common_words.py; read by safeguarding/bare_plan.py. Do not edit by hand.\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
