"""The app is built from one explicit list of features (bot/app/installed.py), and from nothing else."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
import typer

from bot.app.clock import FixedClock
from bot.app.feature import Command, Feature, FeatureError, check, registry
from bot.app.installed import INSTALLED
from bot.cli.main import CORE_COMMANDS
from bot.cli.main import app as cli
from bot.storage.tables import table_modules
from bot.web.app import create_app
from flows.info import InfoFlow
from flows.menu import MenuEntry, MenuFlow
from flows.registry import RegistryError
from flows.schools import SchoolCodeQuery
from tests.conftest import OFFICE_TIME
from tests.support import ROOT, make_context


def test_the_installed_features_are_named_once_each() -> None:
    assert [f.name for f in INSTALLED] == [
        "core",
        "schools",
        "signposting",
        "escalations",
        "practitioners",
        "data_protection",
        "callbacks",
        "referrals",
        "appointments",
        "calendar",
        "checkins",
        "reports",
        "dashboard",
    ]


def test_the_registry_is_the_union_of_the_features() -> None:
    reg = registry(INSTALLED)
    assert set(reg.flows) == {"menu"} | {flow.name for f in INSTALLED for flow in f.flows}
    assert reg.flow_for_intent("find_support") == "find_support"
    assert reg.flow_for_intent("greet") == "menu"
    assert reg.flow_for_trigger("signposting_followup") == "signposting_followup"
    menu = reg.get("menu")
    assert isinstance(menu, MenuFlow)
    flows = [e.flow for e in menu.entries]
    assert flows[:2] == ["find_support", "join_school"] and flows[-3:] == ["about", "help", "opt_out_check"]


def test_the_context_merges_every_features_handlers(database_url: str) -> None:
    ctx = make_context(database_url, FixedClock(OFFICE_TIME))
    assert ctx.features == INSTALLED
    for feature in INSTALLED:
        assert all(ctx.queries[k] is v for k, v in feature.queries.items())
        assert all(ctx.effects[k] is v for k, v in feature.effects.items())
        assert all(ctx.jobs[k] is v for k, v in feature.jobs.items())
    assert "escalation_timer" in ctx.jobs and SchoolCodeQuery in ctx.queries


def test_a_context_without_a_feature_lacks_its_flows_and_commands(database_url: str) -> None:
    without = tuple(f for f in INSTALLED if f.name != "signposting")
    ctx = make_context(database_url, FixedClock(OFFICE_TIME), features=without)
    assert "find_support" not in ctx.registry.flows and "signpost_search" not in ctx.queries
    menu = ctx.registry.get("menu")
    assert isinstance(menu, MenuFlow) and "find_support" not in [e.flow for e in menu.entries]


def test_two_features_claiming_one_name_is_an_error() -> None:
    twin = Feature(name="twin", intents={"greet": "goodbye"})
    with pytest.raises(FeatureError, match="intent 'greet' is claimed by both 'core' and 'twin'"):
        check((*INSTALLED, twin))
    again = dataclasses.replace(INSTALLED[1], name="schools2")
    with pytest.raises(FeatureError, match="flow 'join_school'"):
        check((*INSTALLED, again))
    job_and_trigger = Feature(name="x", triggers={"escalation_timer": "help"})
    with pytest.raises(FeatureError, match="scheduled kind 'escalation_timer'"):
        check((*INSTALLED, job_and_trigger))


def test_an_intent_for_a_flow_that_is_not_installed_is_an_error() -> None:
    lost = Feature(name="lost", flows=(InfoFlow("lost", ("lost",)),), intents={"lost_intent": "no_such_flow"})
    with pytest.raises(RegistryError, match="intent 'lost_intent' names no flow: 'no_such_flow'"):
        registry((*INSTALLED, lost))
    stray = Feature(name="stray", menu=(MenuEntry("choice_x", "nowhere", 50),))
    with pytest.raises(RegistryError, match="menu entry"):
        registry((*INSTALLED, stray))


def test_the_cli_mounts_every_features_commands_and_only_those() -> None:
    group = typer.main.get_command(cli)
    with typer.Context(group) as ctx:  # the commands are imported lazily (bot/cli/main.py)
        listed = group.list_commands(ctx)
    declared = {c.name: c.app for f in INSTALLED for c in f.commands}
    assert [n for n in listed if n not in CORE_COMMANDS] == list(declared)
    assert set(CORE_COMMANDS) <= set(listed)
    assert all(isinstance(app, typer.Typer) for app in declared.values())
    assert isinstance(Command("x", typer.Typer(), "x").app, typer.Typer)


def test_the_web_app_has_the_routes_of_the_installed_features(database_url: str) -> None:
    ctx = make_context(database_url, FixedClock(OFFICE_TIME))
    paths = {getattr(r, "path", "") for r in create_app(ctx, background=False).routes}
    assert {"/webhooks/twilio/sms", "/webhooks/twilio/status", "/healthz"} <= paths  # Telegram: needs a token
    core_less = tuple(f for f in INSTALLED if f.name != "core")
    bare = make_context(database_url, FixedClock(OFFICE_TIME), features=(*core_less,))
    assert "/webhooks/twilio/sms" not in {
        getattr(r, "path", "") for r in create_app(bare, background=False).routes
    }


def test_table_modules_come_from_the_features() -> None:
    declared = {name for f in INSTALLED for name in f.tables}
    assert set(table_modules()) == declared
    assert {
        "bot.storage.models",
        "bot.storage.models.users",
        "signposting.models",
        "safeguarding.models",
    } <= declared


def test_importing_a_feature_registers_nothing() -> None:
    """Importing every feature module in a fresh interpreter leaves no global handler table behind."""
    code = (
        "import bot.messaging.effects as e, bot.app.installed;"
        "assert not hasattr(e, 'HANDLERS') and not hasattr(e, 'handles');"
        "import bot.web.app as w; assert not hasattr(w, 'ROUTERS')"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
