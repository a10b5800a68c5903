"""The worker processes of a build, and how they end.

Workers are forked from the build and die with it: each asks the kernel to send it SIGTERM when
the build's thread that forked it dies, and a thread in each watches that its parent is still
the build (a parent killed with SIGKILL runs no code of its own). A worker that gets SIGTERM shuts
down the kernels it started (its child processes) and exits at once. SIGINT (Ctrl-C, sent to
the whole process group) is for the build alone: it cancels every queued notebook and ends the
workers, so an interrupted build exits within seconds.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

WATCH_SECONDS = 0.5  # how often a worker checks that its parent is alive
GRACE_SECONDS = 2.0  # how long a kernel or worker gets to end on SIGTERM before SIGKILL


class Interrupted(Exception):
    """The build got SIGINT or SIGTERM; `signum` says which."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _children() -> list[int]:
    """The process ids of this process's children (Linux /proc)."""
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        try:
            pids += [int(p) for p in task.read_text().split()]
        except OSError:
            pass
    return pids


def end_children() -> None:
    """SIGTERM to every child (the kernels), then SIGKILL to any still running after a grace."""
    children = _children()
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
    deadline = time.monotonic() + GRACE_SECONDS
    while children and time.monotonic() < deadline:
        children = [pid for pid in children if not _reaped(pid)]
        time.sleep(0.05)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _reaped(pid: int) -> bool:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped by its owner (jupyter_client) already
    return done == pid


def _end_worker(*_args) -> None:
    end_children()
    os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    _end_worker()


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM to this process when its parent's forking thread ends."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # the watching thread still ends the worker


def start_worker(parent: int) -> None:
    """Worker start-up: die with the build, leave Ctrl-C to it, and keep the kernels' chatter
    (they inherit this process's stderr) off the progress bar."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    _die_with_parent()
    if os.getppid() != parent:
        _end_worker()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def _raise_interrupted(signum, _frame):
    raise Interrupted(signum)


def run_all(work, tasks: list[tuple], jobs: int, done) -> None:
    """`work(*task)` for every task in `jobs` worker processes, `done(result)` for each as it
    finishes. On SIGINT or SIGTERM, or any error here, queued tasks are cancelled and the
    workers (with their kernels) ended before `Interrupted` (or the error) is raised."""
    context = multiprocessing.get_context("fork")
    main = threading.current_thread() is threading.main_thread()
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)} if main else {}
    for signum in previous:
        signal.signal(signum, _raise_interrupted)
    pool = cf.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=start_worker, initargs=(os.getpid(),)
    )
    try:
        futures = [pool.submit(work, *task) for task in tasks]
        for future in cf.as_completed(futures):
            done(future.result())
    except BaseException:
        for signum in previous:  # a second Ctrl-C must not interrupt the stopping
            signal.signal(signum, signal.SIG_IGN)
        _stop(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the workers now (each ends its kernels first)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + GRACE_SECONDS + 1
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1)
