"""`waymark safeguarding ...`: evaluate screening on a labelled file, and check the lexicon."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.feedback_cmd import app as feedback_app

app = typer.Typer(help="Safeguarding screening tools.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")  # flag missed risk, export labels (bot/cli/feedback_cmd.py)


@app.command("eval")
def eval_command(
    file: Annotated[Path, typer.Argument(help="CSV with columns text,severity[,category].")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Screen every row of FILE and report recall, false positives, a confusion table and misses."""
    from safeguarding.evaluation import EvalFileError, evaluate_csv
    from safeguarding.lexicon import LexiconError, load_lexicon
    from safeguarding.screening import Screener

    try:
        screener = Screener(load_lexicon())
        report = evaluate_csv(file, screener.screen)
    except (EvalFileError, LexiconError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format_text())


@app.command("check")
def check_command(
    folder: Annotated[Path | None, typer.Argument(help="Lexicon folder (default: the packaged one).")] = None,
) -> None:
    """Validate the lexicon: every file, entry and example. Lists every failing example."""
    from safeguarding.examples import example_failures
    from safeguarding.lexicon import LexiconError, load_lexicon

    try:
        lexicon = load_lexicon(folder, check_examples=False)
    except LexiconError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    problems = example_failures(lexicon)
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(code=2)
    examples = sum(len(e.examples) for e in lexicon.entries)
    typer.echo(
        f"lexicon {lexicon.version}: {len(lexicon.categories)} categories, {len(lexicon.entries)} entries, "
        f"{examples} examples, {len(lexicon.cues)} cues, {len(lexicon.benign)} benign rules: all good"
    )
