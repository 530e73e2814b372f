"""The trend chart a practitioner reads at a glance: scores over time on a fixed 0-10 scale.

One PNG, drawn with matplotlib's Agg backend (no display needed): dates along the bottom, 0 to 10 up the
side, the low band (0-2, the review threshold) shaded red, each answered check-in a dot joined by a line,
goal ratings (between sessions) as a dashed second line, a missed check-in as a grey cross on the axis,
and a review flag ringed. The title names the contact by id and the plan kind, never a phone number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.features.checkins.answers import LOW_SCORE_MAX


@dataclass(frozen=True)
class Point:
    """One check-in for the chart (local times)."""

    when: dt.datetime
    score: int | None
    goal: int | None
    missed: bool
    review: str | None


def _matplotlib() -> tuple[Any, Any]:
    """pyplot and matplotlib.dates on the Agg backend, imported on the first chart (not at import: they
    take half a second, and every `waymark` command imports this module)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates
    import matplotlib.pyplot

    return matplotlib.pyplot, matplotlib.dates


def _num(when: dt.datetime) -> float:
    """Matplotlib's date number for `when` (the library's own conversion keeps the zone)."""
    _plt, dates = _matplotlib()
    return float(dates.date2num(when))


def _day(when: dt.datetime) -> dt.datetime:
    """The local day of `when` (midnight), so each point sits on its date's tick."""
    return dt.datetime.combine(when.date(), dt.time(), tzinfo=when.tzinfo)


def _x(points: Sequence[Point]) -> list[float]:
    return [_num(_day(p.when)) for p in points]


def draw_trend(
    points: Sequence[Point], path: Path, *, title: str, goal_name: str | None, tz: ZoneInfo
) -> Path:
    """Write the chart to `path` (PNG) and return it."""
    plt, mdates = _matplotlib()
    fig, ax = plt.subplots(figsize=(8, 4), dpi=120)
    try:
        ax.axhspan(
            -0.5, LOW_SCORE_MAX + 0.5, color="#f4c7c3", zorder=0, label=f"low (0-{LOW_SCORE_MAX}): review"
        )
        scored = [p for p in points if p.score is not None]
        if scored:
            ax.plot(
                _x(scored),
                [float(p.score or 0) for p in scored],
                "-o",
                color="#1f4e9a",
                lw=2,
                ms=7,
                label="how things have been",
                zorder=3,
            )
            for p in scored:
                ax.annotate(
                    str(p.score),
                    (_num(_day(p.when)), p.score or 0),
                    textcoords="offset points",
                    xytext=(0, 11),
                    ha="center",
                    fontsize=9,
                    color="#1f4e9a",
                )
        goals = [p for p in points if p.goal is not None]
        if goals:
            ax.plot(
                _x(goals),
                [float(p.goal or 0) for p in goals],
                "--s",
                color="#2e7d32",
                lw=1.5,
                ms=5,
                label=f"goal: {goal_name}" if goal_name else "goal",
                zorder=3,
            )
        missed = [p for p in points if p.missed]
        if missed:
            ax.plot(
                _x(missed),
                [0.0] * len(missed),
                "x",
                color="#555555",
                ms=10,
                mew=2,
                label="missed (no reply)",
                zorder=4,
                clip_on=False,
            )
        flagged = [p for p in points if p.review is not None]
        if flagged:
            ax.plot(
                _x(flagged),
                [float(p.score or 0) for p in flagged],
                "o",
                ms=15,
                mfc="none",
                mec="#c62828",
                mew=2,
                label="put on review list",
                zorder=5,
                clip_on=False,
            )
        ax.set_ylim(-0.5, 10.8)
        ax.set_yticks(range(0, 11))
        ax.set_ylabel("0 really bad  -  10 really good")
        ax.grid(axis="y", color="#dddddd", lw=0.6)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b", tz=tz))
        if points:
            first, last = min(_day(p.when) for p in points), max(_day(p.when) for p in points)
            pad = dt.timedelta(days=3)
            ax.set_xlim(_num(first - pad), _num(last + pad))
            ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=first.weekday(), tz=tz))
        else:
            ax.text(0.5, 0.5, "no check-ins yet", transform=ax.transAxes, ha="center", color="#555555")
        fig.autofmt_xdate(rotation=30)
        ax.set_title(title, fontsize=11)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3, fontsize=8, frameon=False)
        fig.tight_layout()
        fig.savefig(path)
    finally:
        plt.close(fig)
    return path
