"""Kernels forked from the build's workers, so each notebook's kernel starts with the heavy modules
already imported.

A kernel launched the usual way is a new Python process that imports ipykernel, IPython, pandas
and matplotlib again: about 1.5 s of CPU before a notebook's first cell, for every notebook. The
build imports those modules once (`preload`, before it forks its workers) and a worker starts
each notebook's kernel with `os.fork()` instead of exec: the child takes the environment, working
folder, session and signals a launched kernel would have, then runs ipykernel's own application
with the connection file jupyter_client wrote. The kernel is still a new process per notebook,
the worker's child (so the worker ends it as before), and nothing a notebook computes is shared:
modules are imported ahead, and the build parses the releases beside those it builds
(`build._parse_releases`) into `load_release`'s cache, which checks each release's files again
whenever it is asked for one. Anything but the standard ipykernel command of this interpreter is
launched the usual way.

`tests/test_forked_kernel.py` checks that a forked kernel's outputs are a launched kernel's.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

# What every worker imports to run and export a notebook, what ipykernel imports as a kernel
# starts (its debugger, debugpy, among them), and what every report notebook imports (its Story,
# and the charts' matplotlib and seaborn).
PRELOADED = (
    "papermill",
    "nbconvert.exporters.html",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "IPython.core.interactiveshell",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "sqlite3",
    "tornado.platform.asyncio",
    "numpy",
    "pandas",
    "matplotlib.pyplot",
    "seaborn",
    "tradeanalysis.narrative.story",
    "tradeanalysis.narrative.charts",
)
# ipykernel's default when MPLBACKEND is unset; matplotlib reads the variable when imported.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# Set while preloading where unset: matplotlib takes a launched kernel's backend, as ipykernel sets
# it before user code runs; debugpy does not warn on stderr that this Python runs frozen modules
# (a launched kernel runs with -Xfrozen_modules=off; a forked one inherits the build's).
PRELOAD_ENV = {"MPLBACKEND": INLINE_BACKEND, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def preload() -> None:
    """Import what every kernel imports, in this process (the build, before it forks workers)."""
    import importlib

    unset = {name: value for name, value in PRELOAD_ENV.items() if not os.environ.get(name)}
    os.environ.update(unset)
    try:
        for name in PRELOADED:
            importlib.import_module(name)
    finally:
        for name in unset:
            del os.environ[name]


def kernel_arguments(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments (`-f <connection file>`) of this interpreter's
    `python [-X...] -m ipykernel_launcher ...` (the kernelspec's command); None for any other."""
    if not cmd or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
        return None
    options = 1
    while options < len(cmd) and cmd[options].startswith("-X"):  # e.g. -Xfrozen_modules=off
        options += 1
    if cmd[options : options + 2] != ["-m", "ipykernel_launcher"]:
        return None
    return cmd[options + 2 :]


class ForkedProcess:
    """The few `subprocess.Popen` methods jupyter_client calls, for a forked child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere (the worker's clean-up)
                self.returncode = -signal.SIGKILL
                return self.returncode
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int:
        while self.poll() is None:
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, but the standard ipykernel starts by forking this
    process (see the module's docstring); papermill takes it as `kernel_manager_class`."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        provisioner = self.provisioner
        argv = kernel_arguments(kernel_cmd)
        if argv is None or not _fresh_matplotlib() or type(provisioner) is not LocalProvisioner:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        cwd = str(kw.get("cwd") or os.getcwd())
        env = dict(kw.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        provisioner.process = ForkedProcess(fork_kernel(argv, env, cwd))
        provisioner.pid = provisioner.pgid = provisioner.process.pid  # its own session
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)


def _fresh_matplotlib() -> bool:
    """False once this process's matplotlib took a backend other than a launched kernel's (a
    process that drew with Agg, say): a kernel forked from it would draw differently."""
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is None:
        return True
    expected = os.environ.get("MPLBACKEND") or INLINE_BACKEND
    return matplotlib.rcParams._get_backend_or_none() in (None, expected)


def fork_kernel(argv: list[str], env: dict, cwd: str) -> int:
    """Fork a child that becomes an ipykernel run with `argv` (`-f <connection file>`); returns
    its pid once it leads its own session, as `start_new_session` makes a launched kernel."""
    ready, told = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready)
        _become_kernel(argv, env, cwd, told)  # never returns
    os.close(told)
    try:
        os.read(ready, 1)
    finally:
        os.close(ready)
    return pid


def _become_kernel(argv: list[str], env: dict, cwd: str, told: int) -> None:
    """In the forked child: a launched kernel's process state, then ipykernel's application."""
    code = 1
    try:
        import asyncio
        import atexit

        os.setsid()
        os.write(told, b"1")
        os.close(told)
        atexit._clear()  # the worker's exit handlers are not the kernel's
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)  # a launched kernel's stdin is a pipe nobody writes to
        os.close(devnull)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        asyncio.events._set_running_loop(None)  # the worker's loop stays the worker's
        asyncio.set_event_loop(asyncio.new_event_loop())
        sys.argv = ["ipykernel_launcher", *argv]
        del sys.path[:1]  # the worker's script folder, as ipykernel_launcher drops its own
        from ipykernel.kernelapp import IPKernelApp

        # ipykernel reads JPY_PARENT_PID when imported, here before the worker set it
        IPKernelApp.launch_instance(argv=argv, parent_handle=int(env["JPY_PARENT_PID"]))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
