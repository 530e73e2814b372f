"""Shared fixtures: a network guard, a fixed clock, an AppContext on a fresh database, a chat driver."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

# One BLAS thread per process. The machine's cores are shared (pytest, the `waymark serve` processes the
# tests start, other jobs): numpy's and scikit-learn's BLAS thread pools then spin against each other, and
# the encoder and training tests ran up to 8 times slower (test_encoder.py's batch test: 84 s with the
# default pool, 10 s with one thread, on the shared 2-core machine). Set before numpy is imported, so the
# processes the tests start inherit it too; threadpool_limits below covers a library already loaded.
for _blas in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas, "1")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

import safeguarding.screening as screening  # noqa: E402
import safeguarding.second_look as second_look  # noqa: E402
from bot.app.clock import FixedClock  # noqa: E402
from bot.app.config import load_config  # noqa: E402
from bot.app.context import screening_model_settings, second_look_settings  # noqa: E402
from bot.messaging import send_share, workers  # noqa: E402
from tests.fast_passwords import use_production_hasher, use_test_hasher  # noqa: E402
from tests.pg_database import RunDatabase  # noqa: E402
from tests.support import ROOT, Chat, make_context, prepare_database  # noqa: E402

_RUN_DATABASE = RunDatabase()


def pytest_configure(config: pytest.Config) -> None:
    """This run's own PostgreSQL database (tests/pg_database.py): runs side by side no longer share one."""
    _RUN_DATABASE.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _RUN_DATABASE.stop()


LONDON = dt.UTC
# A Tuesday in term time, 10:00 London (GMT in November).
OFFICE_TIME = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)

# Property tests (hypothesis): short by default so `make test` stays quick; `--hypothesis-profile=fuzz`
# makes every property test a long run, and tests marked `fuzz` (deselected by default, like `soak`;
# `pytest -m fuzz`) use the fuzz profile for themselves. The deadline is per example: generous, because two
# cores are shared, but a hang or a blow-up in the length of the input still fails.
settings.register_profile(
    "default",
    max_examples=60,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "fuzz",
    max_examples=2_000,
    deadline=dt.timedelta(seconds=30),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("default")

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if isinstance(host, str):
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            ip = None
        if host != "localhost" and (ip is None or not ip.is_loopback):
            raise RuntimeError(f"test tried to reach a real external host: {host}")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread() -> Iterator[None]:
    """One BLAS thread also for a library loaded before the environment above was set (see the top)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=int(os.environ["OPENBLAS_NUM_THREADS"]), user_api="blas"):
        yield


@pytest.fixture(autouse=True, scope="session")
def _no_external_network() -> Iterator[None]:
    """Fail any test that tries to connect anywhere but loopback (or a unix socket)."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes() -> Iterator[None]:
    """argon2id at the lowest cost for in-process tests (tests/fast_passwords.py says why it is safe)."""
    use_test_hasher()
    yield
    use_production_hasher()


DeployedScreening = tuple[screening.ModelSettings, second_look.SecondLookSettings]


@pytest.fixture(autouse=True, scope="session")
def _deployed_screening() -> DeployedScreening:
    """The screening settings the shipped config.yml gives (as `waymark serve` applies them at start-up),
    set once before the first test. Without this, a test that runs before any app is built screens with
    the model file's own thresholds (e.g. lexicon-concern bar 0.30, not config.yml's 0.67) and one that runs
    after screens with whatever config the last app was built from (docs/testing.md, "Screening settings
    between tests")."""
    path = ROOT / "config.yml"
    config = load_config(path)
    deployed = screening_model_settings(config, path), second_look_settings(config, path)
    # Nothing is normally loaded yet, and then only the settings are kept (the first screen loads them).
    screening.configure_model(deployed[0], load=screening.is_loaded())
    second_look.configure_second_look(deployed[1])
    return deployed


def _restore_deployed_screening(deployed: DeployedScreening) -> None:
    """Put back the deployed settings where a test (or a fixture) changed them. Only then: the model file is
    read once per process (load_compact), so swapping the classifier back costs a few milliseconds, and
    the loaded lexicon is kept (configure_model with load=True). The second look loads lazily anyway."""
    model, look = deployed
    if screening.model_settings() != model:
        screening.configure_model(model, load=True)
    if second_look._settings != look:
        second_look.configure_second_look(look)


@pytest.fixture(autouse=True, scope="module")
def _deployed_screening_per_module(_deployed_screening: DeployedScreening) -> Iterator[None]:
    """After a module's own fixtures are torn down (a module-scoped app may configure screening too)."""
    yield
    _restore_deployed_screening(_deployed_screening)


@pytest.fixture(autouse=True)
def _deployed_screening_per_test(_deployed_screening: DeployedScreening) -> Iterator[None]:
    """Every test starts with the deployed screening settings: building an app (make_context, build_context,
    a CLI command) calls configure_screening_model with that test's config, which is module state that
    would otherwise stay for every later test."""
    yield
    _restore_deployed_screening(_deployed_screening)


def _forget_this_process_send_state() -> None:
    workers.this_process().beats.clear()
    send_share._may_send_from.clear()


@pytest.fixture(autouse=True)
def _fresh_send_state() -> Iterator[None]:
    """This process's dispatcher worker remembers, per database URL, when it last beat and when it may first
    send (bot/messaging/workers.py, send_share.py). Every PostgreSQL test uses the same URL with a fresh
    schema and a clock set back to OFFICE_TIME, so a time left by an earlier test is in this test's future:
    its dispatcher would wait to "join" and send nothing. Each test starts as a new process would."""
    _forget_this_process_send_state()
    yield
    _forget_this_process_send_state()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(OFFICE_TIME)


def _database_urls() -> list[str]:
    urls = ["sqlite"]
    if os.environ.get("WAYMARK_TEST_POSTGRES_URL"):
        urls.append("postgres")
    return urls


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'waymark.db'}"


@pytest.fixture
async def app(database_url: str, clock: FixedClock) -> AsyncIterator[object]:
    """An AppContext on a fresh SQLite database with every table, a fixed clock and recording senders."""
    ctx = make_context(database_url, clock)
    await prepare_database(ctx)
    yield ctx
    await ctx.close()


@pytest.fixture
async def chat(app: object) -> Chat:
    """Drive the real pipeline as one contact: `await chat.say("hi")` returns the replies."""
    return Chat(app)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_log_handler_left_behind() -> Iterator[None]:
    """A CLI test that runs `serve` sets up Waymark's stderr log handler on the root logger; take it off
    again so later tests' command output is not mixed with log lines (bot/app/logs.py)."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == "waymark"]:
        root.removeHandler(handler)
