"""Throughput and latency of :func:`safeguarding.screen` on a realistic mix of messages."""

from __future__ import annotations

import time
from dataclasses import replace
from statistics import quantiles

from safeguarding.screening import default_screener, screen
from safeguarding.second_look import SecondLookSettings

#: Mostly everyday traffic, with risk messages, text-speak and a few long messages mixed in.
SAMPLE_MESSAGES: tuple[str, ...] = (
    "hello",
    "Y",
    "N",
    "R",
    "3",
    "STOP",
    "can i get a call back please",
    "what time is my appointment",
    "can i change my appointment to thursday",
    "my battery died",
    "this revision is killing me",
    "im really stressed about my exams",
    "thanks x",
    "OAK7",
    "i feel really low",
    "my parents argue all the time",
    "i want to die",
    "im gonna kms rn",
    "i wnt 2 d1e",
    "ive taken a load of pills",
    "my dad hits me",
    "someone is threatening to share my pictures",
    "i got my hair cut",
    "i could murder a kebab",
    "i'm not sad anymore",
    "i havent eaten for 3 days",
    "kids at school are mean to me every day",
    "i feel like nobody cares about me and i cant sleep and school is so hard right now and my mum "
    "keeps shouting at me and i dont know what to do any more please can someone ring me back after 4",
    "lol",
    "ok see you then",
    "is this confidential",
    "i want to dye my hair pink",
)
#: Recent messages passed as context on some calls, as the pipeline does.
SAMPLE_CONTEXT: tuple[str, ...] = ("hi", "can i talk to someone", "i feel rubbish")


def distinct_texts(limit: int) -> list[str]:
    """Up to ``limit`` different texts from the training corpus (every n-th row, so all files and styles)."""
    from safeguarding.model_corpus import read_corpus_dir

    rows = read_corpus_dir()
    step = max(len(rows) // max(limit, 1), 1)
    samples = set(SAMPLE_MESSAGES)
    spread = [row.text for row in rows[::step]] + [row.text for row in rows]  # the rest fills any gap
    return list(dict.fromkeys(text for text in spread if text not in samples))[:limit]


def bench_screen(n: int = 20000, distinct: int = 2000) -> dict[str, float]:
    """Screen ``n`` messages (every 10th with three context messages) on the full lexicon.

    Returns messages per second and p50/p99/max latency in milliseconds. The lexicon is loaded
    before timing starts. The 32 sample texts repeat, so after the first round every word is in the
    normaliser's and the model's per-word caches; ``distinct`` texts from the corpus, each screened
    once, give a second figure with words the caches have not seen (``distinct_*`` keys).
    """
    default_screener()
    for text in SAMPLE_MESSAGES:
        screen(text)
    latencies: list[float] = []
    clock = time.perf_counter
    started = clock()
    for index in range(n):
        text = SAMPLE_MESSAGES[index % len(SAMPLE_MESSAGES)]
        context = SAMPLE_CONTEXT if index % 10 == 0 else None
        before = clock()
        screen(text, context)
        latencies.append(clock() - before)
    elapsed = clock() - started
    cuts = quantiles(latencies, n=100, method="inclusive")
    figures = {
        "messages": float(n),
        "messages_per_second": n / elapsed if elapsed else float("inf"),
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
        "max_ms": max(latencies) * 1000,
    }
    texts = distinct_texts(distinct) if distinct > 1 else []
    if len(texts) > 1:
        cold: list[float] = []
        started = clock()
        for text in texts:
            before = clock()
            screen(text)
            cold.append(clock() - before)
        elapsed = clock() - started
        cuts = quantiles(cold, n=100, method="inclusive")
        figures.update(
            {
                "distinct_messages": float(len(texts)),
                "distinct_messages_per_second": len(texts) / elapsed if elapsed else float("inf"),
                "distinct_p50_ms": cuts[49] * 1000,
                "distinct_p99_ms": cuts[98] * 1000,
            }
        )
    return figures


def bench_second_look(distinct: int = 2000, settings: SecondLookSettings | None = None) -> dict[str, float]:
    """The second look's cost: the share of ``distinct`` corpus texts the first look leaves in its band, and
    the CPU time (``time.process_time``, one BLAS thread) of the second look on each of them.

    ``settings`` are the second look's (config.yml's, as ``waymark bench safeguarding`` passes them; the
    packaged head's own thresholds when None); the first look is the screen as configured
    (:func:`~safeguarding.screening.configure_model`) at the high threshold paired with the second look.
    The head and encoder are loaded before timing
    (``second_look_load_cpu_s``); ``second_look_rss_mb`` is the process's peak resident memory after that
    (Linux ``ru_maxrss``, so it includes the screen's own). The corpus mixes risk and everyday texts, so its
    band share is above real traffic's (docs: 1.7% of everyday texts).
    """
    import resource

    from threadpoolctl import threadpool_limits

    from safeguarding.screening import Screener, build_classifier, model_settings
    from safeguarding.second_look import build_second_look, cue_finder, first_look_high

    texts = distinct_texts(distinct)
    lexicon = default_screener().lexicon
    started = time.process_time()
    look_settings = replace(settings or SecondLookSettings(), enabled=True)
    look = build_second_look(look_settings)
    assert look is not None
    loaded = time.process_time() - started
    paired = build_classifier(replace(model_settings(), high_threshold=first_look_high(look_settings)))
    first_look = Screener(lexicon, paired)

    def normalise(raw: str) -> str:
        return lexicon.normaliser.normalise(raw).text

    cue = cue_finder(lexicon, first_look.matcher)
    firsts = [(text, first_look.screen(text)) for text in texts]
    band = [(text, first) for text, first in firsts if look.in_band(first)]
    cpu: list[float] = []
    with threadpool_limits(1):  # one BLAS thread: the figure is one core's time
        for text, first in band:
            before = time.process_time()
            look.judge(text, first, normalise, cue)
            cpu.append(time.process_time() - before)
    figures = {
        "second_look_texts": float(len(texts)),
        "second_look_in_band_share": len(band) / len(texts) if texts else 0.0,
        "second_look_load_cpu_s": loaded,
        "second_look_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if len(cpu) > 1:
        cuts = quantiles(cpu, n=100, method="inclusive")
        figures.update(
            {
                "second_look_cpu_ms_mean": sum(cpu) / len(cpu) * 1000,
                "second_look_cpu_ms_p50": cuts[49] * 1000,
                "second_look_cpu_ms_p99": cuts[98] * 1000,
            }
        )
    return figures
