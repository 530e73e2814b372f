"""Per-text screening decisions on the spent blind rounds, and a before/after comparison (lexfp, issue #12).

``dump`` screens every row of ``tests/safeguarding/data/blind/{blind,everyday}_round<k>.csv`` for the spent
rounds (default 5-17) with three layers, as ``waymark safeguarding eval`` does: the lexicon alone, lexicon +
model (first look) and the shipped screen (first look, then the second look). ``compare`` reads two dumps (the
same files, e.g. before and after a lexicon change) and prints the everyday false alarms per layer, the blind
recall, and every text whose decision changed; a labelled high/immediate text that a layer no longer flags is
marked ``RISK-TEXT-DROPPED-BELOW-HIGH``.

    PYTHONPATH=. python scripts/screen_decisions.py dump /tmp/before.json      # on the old branch
    PYTHONPATH=. python scripts/screen_decisions.py dump /tmp/after.json       # on the new branch
    PYTHONPATH=. python scripts/screen_decisions.py compare /tmp/before.json /tmp/after.json

The dump holds message texts: keep it under /tmp, never in the repository or a log. Never point it at an
unspent round.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.evaluation import read_cases
from safeguarding.screening import ModelSettings, Screener, build_classifier, load_lexicon
from safeguarding.second_look import SecondLookSettings, build_second_look, cue_finder

BLIND = Path("tests/safeguarding/data/blind")
CONFIG = Path("config.yml")
LAYERS = ("lexicon", "first_look", "shipped")
#: The last spent round (round 22 is an unmeasured blind set: never screen it here).
LAST_SPENT = 54


def _flagged(severity: str) -> bool:
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER["high"]  # type: ignore[index]


def deployed_settings(config: Path = CONFIG) -> tuple[ModelSettings, SecondLookSettings]:
    """config.yml's model and second-look settings, the first look's high bar the one paired with the second
    look: the screen as deployed, as ``waymark safeguarding eval`` measures it. (Until the twenty-first
    session the dump used the model files' own bars, lexicon concern 0.58 and everyday 0.79 where config.yml
    says 0.67 and 0.84, so its "shipped" layer was not quite what ships.)"""
    from bot.app.config import load_config
    from bot.app.context import screening_model_settings, second_look_settings

    app_config = load_config(config)
    look = replace(second_look_settings(app_config, config), enabled=True)
    return screening_model_settings(app_config, config), look


def dump(out: Path, rounds: range) -> None:
    lexicon = load_lexicon()
    model, look_settings = deployed_settings()
    look = build_second_look(look_settings)
    classifier = build_classifier(model)
    both, alone = Screener(lexicon, classifier), Screener(lexicon)

    def normalise(raw: str) -> str:
        return lexicon.normaliser.normalise(raw).text

    cue = cue_finder(lexicon, both.matcher)
    rows: list[dict[str, Any]] = []
    for kind in ("blind", "everyday"):
        for k in rounds:
            path = BLIND / f"{kind}_round{k}.csv"
            for case in read_cases(path):
                found = alone.screen(case.text)
                first = both.screen(case.text)
                final = look.judge(case.text, first, normalise, cue) if look is not None else first
                rows.append(
                    {
                        "file": path.name,
                        "line": case.line,
                        "text": case.text,
                        "label": case.severity,
                        "lexicon": found.severity,
                        "lexicon_rules": [f"{m.entry_id}:{m.severity}" for m in found.matches],
                        "first_look": first.severity,
                        "shipped": final.severity,
                    }
                )
    out.write_text(json.dumps(rows))
    print(f"{len(rows)} texts, lexicon {lexicon.version}")


def _figures(rows: list[dict[str, Any]], prefix: str) -> dict[str, int]:
    chosen = [r for r in rows if r["file"].startswith(prefix)]
    figures = {"texts": len(chosen)}
    for layer in LAYERS:
        figures[f"{layer}_flagged"] = sum(_flagged(r[layer]) for r in chosen)
        figures[f"{layer}_any"] = sum(r[layer] != "none" for r in chosen)
    return figures


def compare(before_path: Path, after_path: Path) -> int:
    before = json.loads(before_path.read_text())
    after = json.loads(after_path.read_text())
    if [(r["file"], r["line"]) for r in before] != [(r["file"], r["line"]) for r in after]:
        print("the two dumps do not hold the same texts", file=sys.stderr)
        return 2
    for prefix in ("everyday", "blind"):
        print(prefix, "before", _figures(before, prefix))
        print(prefix, "after ", _figures(after, prefix))
    risk = [(b, a) for b, a in zip(before, after, strict=True) if _flagged(b["label"])]
    for layer in LAYERS:
        print(
            f"labelled high/immediate {len(risk)}: {layer} flags {sum(_flagged(b[layer]) for b, _ in risk)}"
            f" -> {sum(_flagged(a[layer]) for _, a in risk)}"
        )
    dropped = 0
    for b, a in zip(before, after, strict=True):
        for layer in LAYERS:
            if b[layer] == a[layer]:
                continue
            mark = ""
            if _flagged(b["label"]) and _flagged(b[layer]) and not _flagged(a[layer]):
                mark = " RISK-TEXT-DROPPED-BELOW-HIGH"
                dropped += layer != "lexicon"
            print(f"{b['file']}:{b['line']} label={b['label']} {layer}: {b[layer]} -> {a[layer]}{mark}")
    print(f"risk texts the lexicon + model or the shipped screen no longer flags: {dropped}")
    return 1 if dropped else 0


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "dump":
        first, last = (int(x) for x in (argv[2] if len(argv) > 2 else "5-17").split("-"))
        if last > LAST_SPENT:
            print(f"only spent rounds (at most {LAST_SPENT})", file=sys.stderr)
            return 2
        dump(Path(argv[1]), range(first, last + 1))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
