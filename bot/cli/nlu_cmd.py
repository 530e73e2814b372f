"""`waymark nlu ...`: train the embedded model, evaluate an engine like ``rasa test nlu``, try a text.

``waymark bench nlu`` lives in ``bot/bench/nlu.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer

from nlu.training_data import DEFAULT_TEST_FILE, TrainingDataError

app = typer.Typer(help="Train and evaluate the NLU.", no_args_is_help=True)

RASA_URL_ENV = "WAYMARK_RASA_URL"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
Engine = Literal["embedded", "rasa"]


def rasa_url_or_default(given: str | None) -> str:
    return given or os.environ.get(RASA_URL_ENV) or DEFAULT_RASA_URL


def engine_name(name: str) -> Engine:
    if name == "embedded":
        return "embedded"
    if name == "rasa":
        return "rasa"
    raise typer.BadParameter("use 'embedded' or 'rasa'", param_hint="--engine")


def _data_problems(exc: TrainingDataError) -> NoReturn:
    for issue in exc.issues:
        typer.secho(str(issue), fg=typer.colors.RED, err=True)
    typer.secho(
        f"{len(exc.issues)} problem(s) in the NLU data; nothing was trained.", fg=typer.colors.RED, err=True
    )
    raise typer.Exit(1)


@app.command()
def train(
    data: Annotated[
        Path | None, typer.Option(help="A Rasa nlu.yml, or a folder with nlu.yml and synonyms.yml.")
    ] = None,
    cache_dir: Annotated[
        Path | None, typer.Option(help="Model cache folder (default $WAYMARK_CACHE_DIR or ./.cache/nlu).")
    ] = None,
) -> None:
    """Check the training data, train the embedded model and write it to the cache."""
    from nlu.embedded import model_file
    from nlu.embedded import train as train_model

    started = time.perf_counter()
    try:
        model = train_model(data, cache_dir)
    except TrainingDataError as exc:
        _data_problems(exc)
    seconds = time.perf_counter() - started
    typer.echo(
        f"trained in {seconds:.2f} s: {len(model.intents.labels)} intents, "
        f"{len(model.vectoriser.idf)} features, {len(model.matcher.phrases)} need phrases"
    )
    typer.echo(f"model: {model_file(data, cache_dir)}")


@app.command("test")
def test_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(help="Rasa YAML or CSV (text,intent,need). Default: the held-out nlu/data/test.yml."),
    ] = None,
    engine: Annotated[str, typer.Option(help="embedded or rasa")] = "embedded",
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    out: Annotated[Path, typer.Option(help="Where to write the report, errors and PNGs.")] = Path("out/nlu"),
    rasa_url: Annotated[
        str | None, typer.Option(help=f"Rasa server (default ${RASA_URL_ENV} or {DEFAULT_RASA_URL}).")
    ] = None,
) -> None:
    """Evaluate an engine on labelled texts, like `rasa test nlu`."""
    from nlu.datasets import load_labelled
    from nlu.engines import build_parser
    from nlu.evaluation import evaluate
    from nlu.plots import confidence_histogram_png, confusion_matrix_png
    from nlu.rasa_adapter import NoFallback, RasaParser, RasaUnavailable

    chosen = engine_name(engine)
    source = file or DEFAULT_TEST_FILE
    try:
        examples = load_labelled(source)
    except TrainingDataError as exc:
        _data_problems(exc)
    # Evaluating Rasa must measure Rasa: no silent fallback to the embedded engine.
    parser = (
        RasaParser(rasa_url_or_default(rasa_url), NoFallback(), timeout_s=10.0)
        if chosen == "rasa"
        else build_parser()
    )

    async def _run() -> Any:
        try:
            return await evaluate(parser, examples, chosen, str(source))
        finally:
            if isinstance(parser, RasaParser):
                await parser.aclose()

    try:
        report = asyncio.run(_run())
    except RasaUnavailable as exc:
        typer.secho(f"error: {exc}; is it running? (make rasa)", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc
    folder = out / chosen
    folder.mkdir(parents=True, exist_ok=True)
    full = report.to_json()
    (folder / "intent_report.json").write_text(json.dumps(full, indent=2))
    (folder / "intent_errors.json").write_text(json.dumps(full["errors"], indent=2))
    threshold = None
    if chosen == "embedded":
        from nlu.embedded import default_model

        threshold = default_model().settings.intent_threshold
    confusion_matrix_png(report, folder / "intent_confusion_matrix.png")
    confidence_histogram_png(report, folder / "intent_histogram.png", threshold)
    if as_json:
        typer.echo(json.dumps(full, indent=2))
        return
    _print_report(report)
    typer.echo(
        f"\nwritten to {folder}/: intent_report.json, intent_errors.json, "
        "intent_confusion_matrix.png, intent_histogram.png"
    )


def _print_report(report: Any) -> None:
    for key, value in report.summary().items():
        typer.echo(f"{key:26} {value}")
    typer.echo(f"\n{'intent':24} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4}  confused with")
    for score in report.per_intent:
        confused = ", ".join(f"{name} {count}" for name, count in list(score.confused_with.items())[:3])
        typer.echo(
            f"{score.intent:24} {score.precision:9.3f} {score.recall:7.3f} {score.f1:6.3f} "
            f"{score.support:4d}  {confused}"
        )
    errors = report.errors
    typer.echo(f"\nintent errors ({len(errors)}):")
    for error in errors[:40]:
        typer.echo(f"  {error.confidence:.2f}  {error.intent} -> {error.predicted}: {error.text!r}")
    need_errors = report.need_errors
    typer.echo(f"\nneed errors ({len(need_errors)}):")
    for error in need_errors[:20]:
        typer.echo(f"  {error.need} -> {error.predicted_need}: {error.text!r}")
    typer.echo("\nout_of_scope threshold sweep (top intent below the threshold counts as out_of_scope):")
    for row in report.threshold_sweep:
        typer.echo(
            f"  {row['threshold']:.2f}  accuracy {row['accuracy']:.3f}  macro F1 {row['macro_f1']:.3f}"
        )


@app.command("parse")
def parse_cmd(
    text: Annotated[str, typer.Argument(help="The text to parse (it is not logged).")],
    engine: Annotated[str, typer.Option(help="embedded or rasa")] = "embedded",
    rasa_url: Annotated[str | None, typer.Option(help="Rasa server URL.")] = None,
) -> None:
    """Show what the NLU makes of one text (intent, confidence, need, top of the ranking)."""
    from nlu.engines import build_parser

    chosen = engine_name(engine)
    parser = build_parser(chosen, rasa_url=rasa_url_or_default(rasa_url) if chosen == "rasa" else None)
    result = asyncio.run(parser.parse(text))
    typer.echo(
        json.dumps(
            {
                "intent": result.intent,
                "confidence": round(result.confidence, 4),
                "entities": [vars(entity) for entity in result.entities],
                "ranking": [[name, round(score, 4)] for name, score in result.ranking[:5]],
            },
            indent=2,
        )
    )
