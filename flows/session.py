"""The run stack: a contact's session is the run on top (the active flow) and the runs waiting beneath it.

A run goes beneath another when it calls a sub-flow (:class:`~flows.engine.Call`) or when something
interrupts it (a school code sent mid-way, a scheduled item whose rule says interrupt). When the top run
finishes, the one beneath resumes with :class:`~flows.engine.Resume`, carrying what the finished run
returned. A take-over (a global keyword such as HELP, a scheduled item that takes over) ends every run.

Pure bookkeeping over :class:`~flows.engine.FlowState` (whose ``stack`` field holds the runs beneath);
``bot/messaging/runner.py`` drives it, answering queries and applying effects in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from flows.engine import IDLE, FlowResult, FlowState, Resume


@dataclass(frozen=True)
class Session:
    """The active run (`top`, never with a stack of its own) and the runs beneath it, outermost first."""

    top: FlowState = IDLE
    beneath: tuple[FlowState, ...] = ()

    @classmethod
    def of(cls, state: FlowState) -> Session:
        """The session a stored state describes."""
        return cls(replace(state, stack=()), state.stack)

    def state(self) -> FlowState:
        """The session as one storable state: the top run with the others as its stack. When the top has
        finished but runs wait beneath (nothing resumed them yet), the innermost is the top again."""
        if self.top.flow is None and self.beneath:
            return replace(self.beneath[-1], stack=self.beneath[:-1])
        return replace(self.top, stack=self.beneath)

    def enter(self, flow: str, *, interrupt: bool) -> Session:
        """Start `flow`: beneath the current run if `interrupt` (it resumes later), else in its place,
        ending every run (a take-over). Entering the flow that is already on top keeps its state."""
        if self.top.flow == flow:
            return self
        if interrupt and self.top.flow is not None:
            return Session(FlowState(flow=flow), (*self.beneath, self.top))
        return Session(FlowState(flow=flow))

    def current(self, flow: str) -> FlowState:
        """The state to call `flow` with: the top run if it is `flow`'s, else a fresh one."""
        return self.top if self.top.flow == flow else FlowState(flow=flow)

    def settle(self, result: FlowResult) -> Session:
        """The top run's new state after a call of its flow."""
        return replace(self, top=replace(result.state, stack=()))

    def call(self, flow: str) -> Session:
        """The top run waits beneath a new run of `flow` (a sub-flow)."""
        return Session(FlowState(flow=flow), (*self.beneath, self.top))

    def hand_off(self) -> Session:
        """The top run ends so another flow can take its place (the runs beneath stay)."""
        return replace(self, top=IDLE)

    def resume(self, child: str, value: object) -> tuple[Session, Resume] | None:
        """If the top run has finished and one waits beneath, it becomes the top and gets this event."""
        if self.top.flow is not None or not self.beneath:
            return None
        return Session(self.beneath[-1], self.beneath[:-1]), Resume(child, value)


def runs_to_json(runs: tuple[FlowState, ...]) -> list[dict[str, Any]]:
    """The stored form of the runs beneath the top (``conversation_state.stack``)."""
    return [
        {"flow": r.flow, "step": r.step, "slots": dict(r.slots), "retries": r.retries,
         "expires_at": r.expires_at.isoformat() if r.expires_at else None}
        for r in runs
    ]  # fmt: skip


def runs_from_json(data: object) -> tuple[FlowState, ...]:
    """The runs beneath the top from their stored form; an entry that cannot be read is left out."""
    runs: list[FlowState] = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("flow"), str):
            continue
        step, slots, retries = item.get("step"), item.get("slots"), item.get("retries")
        runs.append(
            FlowState(
                item["flow"],
                step if isinstance(step, str) else None,
                slots if isinstance(slots, dict) else {},
                _when(item.get("expires_at")),
                retries if isinstance(retries, int) else 0,
            )
        )
    return tuple(runs)


def _when(raw: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
