"""Before/after check for a lexicon change: normalisation and lexicon-alone severities.

New words in a phrase, a slot or a ``not_if`` join the normaliser's vocabulary and can change how other
texts are spelt and split ("incident" repaired to "accident"). Run ``snapshot`` on the old lexicon (a git
worktree at the old commit) and on the new one, then ``compare``::

    cd /tmp/old && PYTHONPATH=. .venv/bin/python /work/main/scripts/lexicon_change_check.py \
        snapshot /tmp/old.json
    PYTHONPATH=. .venv/bin/python scripts/lexicon_change_check.py snapshot /tmp/new.json
    PYTHONPATH=. .venv/bin/python scripts/lexicon_change_check.py compare /tmp/old.json /tmp/new.json

Texts: every corpus CSV (the spent blind and everyday rounds are among them, in ``blind_rounds.csv``), the
adversarial reviews' probes (``tests/safeguarding/data/*_probes.tsv``) and the words of any dictionaries given
with ``--dict``. Unspent rounds are never read.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "safeguarding" / "data" / "corpus"
PROBES = ROOT / "tests" / "safeguarding" / "data"
ORDER = {"none": 0, "concern": 1, "high": 2, "immediate": 3}


def _labelled() -> dict[str, str]:
    """Every corpus text with its label, then the adversarial reviews' probes (``tests/safeguarding/data/
    *_probes.tsv``: text, label, kind), which the corpus does not hold (last session a new phrase word made
    "i drakn bleach" read as "drain", seen only by a test). The spent blind rounds are in the corpus already
    (``blind_rounds.csv``, ``heldout_rounds.csv``); unspent rounds are never there."""
    from safeguarding.model_corpus import read_corpus_dir

    texts: dict[str, str] = {}
    for row in read_corpus_dir(CORPUS):
        texts.setdefault(row.text, row.severity)
    for probes in sorted(PROBES.glob("*_probes.tsv")):
        with probes.open(encoding="utf-8", newline="") as handle:
            for text, label, *_kind_and_notes in csv.reader(handle, delimiter="\t"):
                texts.setdefault(text, label)
    return texts


def snapshot(out: Path, dictionaries: list[Path]) -> None:
    """Write each text's normalised form and lexicon-alone severity (the lexicon of the current directory)."""
    sys.path.insert(0, str(Path.cwd()))
    from safeguarding.screening import Screener, load_lexicon

    lexicon = load_lexicon(check_examples=False)
    screener = Screener(lexicon)
    labelled = _labelled()
    words: set[str] = set()
    for dictionary in dictionaries:
        words.update(dictionary.read_text(encoding="utf-8", errors="ignore").split())
    result: dict[str, list[str]] = {}
    for text, label in labelled.items():
        result[text] = [lexicon.normaliser.normalise(text).text, screener.screen(text).severity, label]
    for word in words - labelled.keys():
        result[word] = [lexicon.normaliser.normalise(word).text, "", ""]
    out.write_text(json.dumps(result), encoding="utf-8")
    print(f"{len(result)} texts")


def _strange(original: str, normalised: str) -> set[str]:
    own = set(re.findall(r"[a-z0-9]+", original.lower().replace("'", "")))
    return {word for word in normalised.split() if word not in own}


def compare(old_path: Path, new_path: Path, show: int) -> None:
    """Print the texts normalised into new strange words, and the severity changes by label."""
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    changed = [text for text in old if text in new and old[text][0] != new[text][0]]
    worse = [text for text in changed if _strange(text, new[text][0]) - _strange(text, old[text][0])]
    print(f"normalised differently: {len(changed)}; into a new word not written: {len(worse)}")
    for text in worse[:show]:
        print(f"  {text[:80]!r}: {old[text][0].strip()[:60]!r} -> {new[text][0].strip()[:60]!r}")
    raised_none: list[str] = []
    raised_risk: list[str] = []
    lowered: list[str] = []
    for text in old:
        before, after, label = old[text][1], new.get(text, old[text])[1], old[text][2]
        if not before or before == after:
            continue
        if ORDER[after] > ORDER[before]:
            (raised_none if label == "none" else raised_risk).append(text)
        else:
            lowered.append(text)
    lowered_risk = [text for text in lowered if old[text][2] != "none"]
    print(
        f"lexicon alone: raised on everyday {len(raised_none)}, "
        f"raised on risk {len(raised_risk)}, lowered {len(lowered)} (labelled risk: {len(lowered_risk)})"
    )
    # every risk text lowered first, then the rest up to --show
    shown = lowered_risk + raised_none[:show] + [text for text in lowered if text not in lowered_risk][:show]
    for text in shown:
        print(f"  {old[text][1]} -> {new[text][1]} (label {old[text][2]}): {text[:90]!r}")


def main(argv: list[str]) -> int:
    """Command line: ``snapshot OUT`` or ``compare OLD NEW``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("out", type=Path)
    snap.add_argument("--dict", type=Path, action="append", default=[])
    comp = sub.add_parser("compare")
    comp.add_argument("old", type=Path)
    comp.add_argument("new", type=Path)
    comp.add_argument("--show", type=int, default=40)
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        snapshot(args.out, args.dict)
    else:
        compare(args.old, args.new, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
