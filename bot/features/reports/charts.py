"""Charts an MHST lead can paste into a board report: PNG bar charts of one scope's counts.

Matplotlib's object API (a ``Figure`` of its own, no pyplot state, so safe in a worker thread; no
display needed). Horizontal bars so long labels stay readable, 12 pt text or larger,
the Okabe-Ito colour-blind-safe palette, the period and the schools in the title, the count written at
the end of each bar. A suppressed count has no bar and says "<5" (or "hidden").
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.features.reports.figures import Figure, Scope
from bot.features.reports.suppress import display

if TYPE_CHECKING:
    from matplotlib.figure import Figure as PlotFigure

RENDER_LOCK = threading.Lock()
"""Matplotlib is not promised to be thread-safe: one drawing at a time (the web renders in worker threads)."""
NOTE = 'Counts from 1 to 4 show as "<5", a count that would give one away as "hidden"; neither is drawn.'
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    axis: str
    keys: Callable[[Scope], list[str]]


def _fixed(*keys: str) -> Callable[[Scope], list[str]]:
    return lambda scope: list(keys)


def _schools(scope: Scope) -> list[str]:
    return [k for k in scope.figures() if k.startswith("reach.school_") or k == "reach.no_school"]


CHARTS = {
    c.name: c
    for c in (
        Chart(
            "joined",
            "New contacts by how they joined",
            "New contacts",
            _fixed("joined.sms_code", "joined.sms_direct", "joined.telegram_code", "joined.telegram_direct"),
        ),
        Chart(
            "escalations",
            "Escalations by severity",
            "Cases",
            _fixed("cases.immediate", "cases.high", "cases.review"),
        ),
        Chart(
            "callbacks",
            "Call-backs by outcome",
            "Call-backs",
            _fixed("callbacks.done", "callbacks.no_answer", "callbacks.cancelled", "callbacks.open"),
        ),
        Chart(
            "referrals",
            "Referrals by outcome",
            "Referrals",
            _fixed("referrals.new", "referrals.accepted", "referrals.signposted", "referrals.declined"),
        ),
        Chart(
            "appointments",
            "Appointments by outcome",
            "Appointments",
            _fixed("appts.attended", "appts.dna", "appts.cancelled"),
        ),
        Chart(
            "checkins",
            "Check-in scores: change per plan",
            "Plans",
            _fixed("checkins.up", "checkins.same", "checkins.down"),
        ),
        Chart(
            "signposting",
            "Signposting follow-up answers",
            "Times services were sent",
            _fixed("signposting.yes", "signposting.no", "signposting.help", "signposting.none"),
        ),
        Chart("schools", "People texting us, by school", "People", _schools),
    )
}


def draw(chart: Chart, scope: Scope, period_label: str) -> PlotFigure:
    """The chart as a matplotlib figure (matplotlib is imported on the first chart: about 50 MB that a
    server process only needs when someone asks for a chart)."""
    from matplotlib.figure import Figure as PlotFigure
    from matplotlib.ticker import MaxNLocator

    figures = scope.figures()
    rows: list[Figure] = [figures[k] for k in chart.keys(scope) if k in figures]
    labels = [f.label.removeprefix("People texting: ") for f in rows]
    values = [0.0 if f.suppressed else float(f.value or 0) for f in rows]
    height = max(3.2, 1.4 + 0.55 * len(rows))
    fig = PlotFigure(figsize=(9, height), dpi=150, layout="constrained")
    ax = fig.subplots()
    positions = list(range(len(rows)))[::-1]
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(rows))]
    ax.barh(positions, values, color=colours, height=0.6)
    ax.set_yticks(positions, labels, fontsize=12)
    top = max(values, default=0)
    ax.set_xlim(0, max(5.0, top * 1.18))
    for pos, value, f in zip(positions, values, rows, strict=True):
        ax.text(value + max(top, 5) * 0.015, pos, display(f), va="center", fontsize=12)
    ax.set_xlabel(chart.axis, fontsize=12)
    ax.tick_params(axis="x", labelsize=11)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"{chart.title}\n{scope.name}, {period_label}", fontsize=14, loc="left")
    if not rows:
        ax.text(0.5, 0.5, "Nothing to show", transform=ax.transAxes, ha="center", fontsize=13)
    if scope.suppressed:
        fig.text(
            0.01, 0.005, 'Counts from 1 to 4 are shown as "<5" and not drawn.', fontsize=10, color="#333333"
        )
    return fig


def png(chart: Chart, scope: Scope, period_label: str) -> bytes:
    """The chart as PNG bytes."""
    buffer = io.BytesIO()
    with RENDER_LOCK:
        draw(chart, scope, period_label).savefig(buffer, format="png")
    return buffer.getvalue()
