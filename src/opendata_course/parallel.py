"""Work spread over processes forked from this one.

The workers inherit what the parent holds (the project, the site in memory)
instead of receiving it pickled with each item; only results travel back.
What the function run in them reads is put in WORK, under a lock (builds
may run in threads, as `serve` does), and cleared after: the work of one
call is not kept into the next.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager

WORK: dict = {}
_LOCK = threading.Lock()


class TooLong(Exception):
    """time_limit() ran out."""


@contextmanager
def time_limit(seconds: float):
    """Raise TooLong in the block past `seconds` (wall clock): what a regular
    expression or a parser takes quadratic time on stops there. Only in a
    process's main thread (a signal's only reader), as the forked workers
    are; elsewhere (serve's watcher thread) the block runs unbounded."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def working(work: dict):
    """`work` in WORK for the time of one call (one call at a time)."""
    with _LOCK:
        WORK.update(work)
        try:
            yield
        finally:
            WORK.clear()


def can_fork() -> bool:
    import multiprocessing  # here: a build with little to do forks nothing

    return "fork" in multiprocessing.get_all_start_methods()


def fork_start(function: Callable, items: list, workers: int, work: dict, chunk: int = 1) -> Callable[[], list]:
    """`function` over `items` in `workers` processes forked now, which
    inherit `work` in WORK; returns the function that waits for their
    results, in order. This process goes on meanwhile (can_fork() first)."""
    import multiprocessing

    with working(work):
        pool = multiprocessing.get_context("fork").Pool(workers)  # the workers fork here
    result = pool.map_async(function, items, chunksize=chunk)

    def wait() -> list:
        try:
            return result.get()
        finally:
            pool.terminate()
    return wait


def fork_map(function: Callable, items, workers: int, minimum: int, work: dict, chunk: int = 1, order=None) -> list:
    """`function` over `items`, results in their order: in this process
    when they are few (under `minimum`, or one worker), else in forked
    ones. `order`: a key giving the order to hand them out in."""
    items = list(items)
    workers = min(workers, len(items))
    if workers < 2 or len(items) < minimum or not can_fork():
        with working(work):
            return [function(item) for item in items]
    ranked = sorted(range(len(items)), key=lambda index: order(items[index])) if order else range(len(items))
    done = fork_start(function, [items[index] for index in ranked], workers, work, chunk)()
    results: list = [None] * len(items)
    for index, result in zip(ranked, done):
        results[index] = result
    return results
