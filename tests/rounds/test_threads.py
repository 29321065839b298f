"""Thread safety: scoring, ranking and rounds run from 8 threads at once on shared regimes give the same
results as one thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import itcriteria

EXAMPLES = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples"
THREADS = 8


def work() -> list[Any]:
    """Score, explain, rank and run the round of the shared Bình Thuận regime; everything as plain data."""
    regime = itcriteria.get_regime("binhthuan-2019")
    forms = json.loads((EXAMPLES / "binhthuan-2019-forms.json").read_text("utf-8"))
    cards = regime.score_all(forms)
    rows = itcriteria.rank(cards, regime=regime)
    result = itcriteria.load_round(EXAMPLES / "binhthuan-2019-round.json").run()
    return [
        [card.to_dict() for card in cards],
        [card.explain("en") for card in cards],
        [repr(row) for row in rows],
        {uid: card.to_dict() for uid, card in result.cards.items()},
        [repr(row) for row in result.ranking],
        [repr(status) for status in result.statuses],
    ]


def in_threads(task: Callable[[], list[Any]], count: int, rounds: int) -> list[list[Any]]:
    """Each of ``count`` threads runs ``task`` ``rounds`` times, all starting together."""
    barrier = threading.Barrier(count)
    found: list[list[Any]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            for _ in range(rounds):
                done = task()
                with lock:
                    found.append(done)
        except BaseException as error:  # reported by the main thread below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return found


def test_eight_threads_on_shared_regimes_agree_with_one_thread() -> None:
    """The same regime object scored, ranked and used in rounds from 8 threads gives one thread's results."""
    expected = work()
    results = in_threads(work, THREADS, rounds=3)
    assert len(results) == THREADS * 3
    assert all(result == expected for result in results)
