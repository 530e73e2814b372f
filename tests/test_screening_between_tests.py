"""The screening settings do not leak from one test to the next (tests/conftest.py, docs/testing.md,
"Screening settings between tests"). The tests here run in file order: the first builds an app with other
thresholds, the second checks that it starts with config.yml's again, on the same loaded screener."""

from __future__ import annotations

import safeguarding.screening as screening
import safeguarding.second_look as second_look
from bot.app.clock import FixedClock
from bot.app.config import AppConfig, load_config
from bot.app.context import screening_model_settings, second_look_settings
from tests.support import ROOT, make_context, project_config

#: The screener loaded by the first test, to check that putting the settings back did not reload it.
_seen: dict[str, screening.Screener] = {}


def _other_thresholds() -> AppConfig:
    config = project_config()
    guard = config.safeguarding
    model = guard.model.model_copy(update={"high_threshold": 0.999, "lexicon_concern_threshold": 0.95})
    look = guard.second_look.model_copy(update={"enabled": False})
    return config.model_copy(
        update={"safeguarding": guard.model_copy(update={"model": model, "second_look": look})}
    )


async def test_an_app_built_from_another_config_changes_what_screen_uses(
    database_url: str, clock: FixedClock
) -> None:
    _seen["screener"] = screening.default_screener()
    ctx = make_context(database_url, clock, config=_other_thresholds())
    try:
        # Building the app configured the module state that every later safeguarding.screen() call reads.
        assert screening._settings.high_threshold == 0.999
        assert not second_look._settings.enabled
        classifier = screening.default_screener().classifier
        assert classifier is not None and classifier.high_threshold == 0.999
        assert classifier.model.lexicon_concern_threshold == 0.95
    finally:
        await ctx.close()


def test_the_next_test_starts_with_the_deployed_settings() -> None:
    path = ROOT / "config.yml"
    config = load_config(path)
    deployed = screening_model_settings(config, path)
    assert screening._settings == deployed
    assert second_look._settings == second_look_settings(config, path)
    # What screen() actually uses: config.yml's bars, not the model file's own (lexicon concern 0.30).
    screener = screening.default_screener()
    classifier = screener.classifier
    assert classifier is not None
    assert deployed.high_threshold is not None and deployed.lexicon_concern_threshold is not None
    assert classifier.high_threshold == deployed.high_threshold
    assert classifier.model.lexicon_concern_threshold == deployed.lexicon_concern_threshold
    recorded = screening.build_classifier(screening.ModelSettings())
    assert recorded is not None
    assert recorded.model.lexicon_concern_threshold != deployed.lexicon_concern_threshold  # a real change
    # Cheap: the settings were put back on the screener already loaded, the lexicon was not read again.
    assert screener is _seen["screener"]
