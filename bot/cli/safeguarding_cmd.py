"""`waymark safeguarding ...`: evaluate screening on a labelled file, check the lexicon, train the model."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import fail, settings_or_exit
from bot.cli.options import ScreeningConfigOption
from bot.features.escalations.feedback_cli import app as feedback_app

if TYPE_CHECKING:
    from safeguarding.screening import ModelSettings
    from safeguarding.second_look import SecondLookSettings

app = typer.Typer(help="Safeguarding screening tools.", no_args_is_help=True)
app.add_typer(
    feedback_app, name="feedback"
)  # flag missed risk, export labels (bot/features/escalations/feedback_cli.py)


@app.command("eval")
def eval_command(
    file: Annotated[Path, typer.Argument(help="CSV with columns text,severity[,category].")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    calibration: Annotated[
        Path | None,
        typer.Option("--calibration", help="Write a calibration (reliability) plot of the model as PNG."),
    ] = None,
    second_look: Annotated[
        bool,
        typer.Option(
            "--second-look/--no-second-look",
            help="Follow the first look with the packaged second look (MiniLM; ~10 ms a text in its band).",
        ),
    ] = True,
    config: ScreeningConfigOption = None,
    model_file_thresholds: Annotated[
        bool,
        typer.Option(
            "--model-file-thresholds",
            help="Use the packaged model's and second look's own thresholds (as the training chose them) "
            "instead of config.yml's.",
        ),
    ] = False,
) -> None:
    """Screen every row of FILE (lexicon + model, then the second look, with config.yml's thresholds: the
    screen as deployed) and report recall, false positives, a confusion table and misses, then the same
    figures per layer (lexicon alone, model alone, lexicon + model, + second look)."""
    from safeguarding.encoder import EncoderError
    from safeguarding.evaluation import EvalFileError, read_cases
    from safeguarding.lexicon import LexiconError
    from safeguarding.model_evaluation import evaluate_layers, write_calibration_plot
    from safeguarding.model_file import ModelFileError
    from safeguarding.screening import build_classifier, load_lexicon
    from safeguarding.second_look import build_second_look

    try:
        model_settings, look_settings = _measured_settings(config, model_file_thresholds, second_look)
        lexicon = load_lexicon()
        look = build_second_look(look_settings)
        classifier = build_classifier(model_settings)
        if classifier is None:
            typer.echo("error: safeguarding.model is not enabled in the config: nothing to measure", err=True)
            raise typer.Exit(code=2)
        report = evaluate_layers(read_cases(file), lexicon, classifier, source=str(file), second_look=look)
    except (EvalFileError, LexiconError, ModelFileError, EncoderError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format_text())
    if calibration is not None:
        write_calibration_plot(report, calibration)
        typer.echo(f"calibration plot: {calibration}", err=as_json)


def _measured_settings(
    config: Path | None, model_file_thresholds: bool, second_look: bool
) -> tuple[ModelSettings, SecondLookSettings]:
    """The model and second-look settings ``eval`` measures: config.yml's (the screen as deployed), or the
    packaged files' own thresholds. A bad config exits with its error."""
    from safeguarding.screening import ModelSettings
    from safeguarding.second_look import SecondLookSettings, first_look_high

    if model_file_thresholds:
        look_settings = SecondLookSettings(enabled=second_look)
        # With the second look, the first look uses the stricter high threshold paired with it.
        return ModelSettings(high_threshold=first_look_high(look_settings)), look_settings
    from bot.app.config import ConfigError, load_config
    from bot.app.context import screening_model_settings, second_look_settings

    path = config if config is not None else settings_or_exit().config_path
    try:
        app_config = load_config(path)
        look_settings = second_look_settings(app_config, path)
        look_settings = replace(look_settings, enabled=second_look and look_settings.enabled)
        model_settings = screening_model_settings(app_config, path)
    except ConfigError as exc:
        fail(f"{path}: {exc}")
    if not look_settings.enabled:
        # Without the second look, the first look decides at the model's own high threshold.
        model_settings = replace(model_settings, high_threshold=app_config.safeguarding.model.high_threshold)
    return model_settings, look_settings


@app.command("check")
def check_command(
    folder: Annotated[Path | None, typer.Argument(help="Lexicon folder (default: the packaged one).")] = None,
) -> None:
    """Validate the lexicon: every file, entry and example. Lists every failing example."""
    from safeguarding.examples import example_failures
    from safeguarding.lexicon import LexiconError
    from safeguarding.screening import Screener, load_lexicon

    try:
        lexicon = load_lexicon(folder, check_examples=False)
    except LexiconError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    problems = example_failures(lexicon, Screener(lexicon))
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(code=2)
    examples = sum(len(e.examples) for e in lexicon.entries)
    typer.echo(
        f"lexicon {lexicon.version}: {len(lexicon.categories)} categories, {len(lexicon.entries)} entries, "
        f"{examples} examples, {len(lexicon.cues)} cues, {len(lexicon.benign)} benign rules: all good"
    )


@app.command("train")
def train_command(
    corpus: Annotated[
        Path | None, typer.Option(help="Folder of corpus CSVs (default: safeguarding/data/corpus).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Model file to write (default: the packaged one).")] = None,
    second_look: Annotated[
        bool,
        typer.Option(
            "--second-look/--no-second-look",
            help="Also fit the second look's joint model (n-grams + MiniLM embedding; ~10 min CPU).",
        ),
    ] = True,
    second_look_out: Annotated[
        Path | None, typer.Option(help="Second-look file to write (default: the packaged one).")
    ] = None,
) -> None:
    """Train the learned screen on every corpus CSV plus the lexicon's examples; write the model file, then
    the second look's head file.

    Deterministic: the same corpus and lexicon give byte-identical files.
    """
    from safeguarding.lexicon import LexiconError
    from safeguarding.model_corpus import DEFAULT_CORPUS_DIR, CorpusError
    from safeguarding.model_file import DEFAULT_MODEL_PATH, write_model
    from safeguarding.screening import Screener, load_lexicon
    from safeguarding.training import train

    try:
        lexicon = load_lexicon()
        lexicon_only = Screener(lexicon)
        result = train(
            lexicon,
            corpus or DEFAULT_CORPUS_DIR,
            lexicon_screen=lambda t: lexicon_only.screen(t).severity,
            lowerable=lambda t: lexicon_only.may_lower(lexicon_only.screen(t).matches),
        )
    except (CorpusError, LexiconError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    target = out or DEFAULT_MODEL_PATH
    write_model(result.model, target)
    model = result.model
    typer.echo(f"wrote {target} ({target.stat().st_size:,} bytes), model {model.version}")
    typer.echo(f"  training texts: {model.training['texts']} {model.training['by_severity']}")
    typer.echo(f"  corpus sha256:  {model.training['corpus_sha256']}")
    typer.echo(
        f"  thresholds:     high {model.high_threshold:.2f}, concern {model.concern_threshold:.2f}, "
        f"everyday {model.everyday_threshold}, immediate {model.immediate_threshold}, "
        f"lexicon concern {model.lexicon_concern_threshold}"
    )
    typer.echo(f"  validation ({model.validation['method']}):")
    for layer in ("lexicon_alone", "model_alone", "combined", "combined_with_lowering"):
        if layer in model.validation:
            typer.echo(f"    {layer:<14} {json.dumps(model.validation[layer], sort_keys=True)}")
    typer.echo("Put the thresholds in config.yml (safeguarding.model) with these figures in its comment:")
    typer.echo(
        f"    high_threshold: {model.high_threshold}\n    concern_threshold: {model.concern_threshold}\n"
        f"    everyday_threshold: {model.everyday_threshold}\n"
        f"    immediate_threshold: {model.immediate_threshold}\n"
        f"    lexicon_concern_threshold: {model.lexicon_concern_threshold}"
    )
    if second_look:
        _train_second_look(result, second_look_out)


def _train_second_look(result: object, out: Path | None) -> None:
    """Fit and write the second look's head on the same training set; print its thresholds."""
    from safeguarding.encoder import EncoderError, load_encoder
    from safeguarding.model_file import DEFAULT_SECOND_LOOK_PATH
    from safeguarding.second_look_file import write_second_look
    from safeguarding.second_look_training import train_second_look
    from safeguarding.training import TrainResult

    assert isinstance(result, TrainResult)
    try:
        encoder = load_encoder()
    except EncoderError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    head = train_second_look(result.data, encoder, dict(result.model.training))
    target = out or DEFAULT_SECOND_LOOK_PATH
    write_second_look(head, target)
    typer.echo(f"wrote {target} ({target.stat().st_size:,} bytes), second look {head.version}")
    typer.echo(
        "Second look thresholds (chosen on the per-round hold-out, docs/safeguarding-model.md, "
        '"Second look"); config.yml safeguarding.second_look:'
    )
    typer.echo(
        f"    band_floor: {head.band_floor}\n    high_threshold: {head.high_threshold}\n"
        f"    first_look_high_threshold: {head.first_look_high_threshold}"
    )


@app.command("holdout")
def holdout_command(
    corpus: Annotated[
        Path | None, typer.Option(help="Folder of corpus CSVs (default: safeguarding/data/corpus).")
    ] = None,
    rounds: Annotated[
        str | None, typer.Option(help="Rounds to hold out, comma-separated (default: every round).")
    ] = None,
    repeats: Annotated[int, typer.Option(help="Cross-validation repeats inside each training run.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Per-round hold-out: for each measured blind round, train without it (thresholds chosen as `train`
    chooses them) and screen its blind and everyday files with the lexicon and that model."""
    from safeguarding.lexicon import LexiconError
    from safeguarding.model_corpus import DEFAULT_CORPUS_DIR, CorpusError, lexicon_examples, read_corpus_dir
    from safeguarding.model_holdout import format_table, hold_out_rounds
    from safeguarding.screening import load_lexicon
    from safeguarding.training import TrainSettings

    try:
        lexicon = load_lexicon()
        rows = read_corpus_dir(corpus or DEFAULT_CORPUS_DIR) + lexicon_examples(lexicon)
        chosen = [int(part) for part in rounds.split(",")] if rounds else None
        results = hold_out_rounds(lexicon, rows, TrainSettings(repeats=repeats), chosen)
    except (CorpusError, LexiconError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], indent=2))
    else:
        typer.echo(format_table(results))
