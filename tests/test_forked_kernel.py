"""The build's kernels are forked from its workers (report/forked_kernel.py): they must compute
what a launched kernel computes, and be processes a build can signal and end like one."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tradeanalysis.data.paths import NOTEBOOKS_DIR
from tradeanalysis.report import forked_kernel, run

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

KERNEL_STATE = """\
import json, os, sys
import matplotlib
print(json.dumps({
    "ppid": os.getppid(),
    "session_leader": os.getsid(0) == os.getpid(),
    "cwd": os.getcwd(),
    "parent_env": os.environ.get("JPY_PARENT_PID"),
    "probe_env": os.environ.get("FORK_PROBE"),
    "backend": matplotlib.get_backend(),
    "cmdline": open("/proc/self/cmdline", "rb").read().decode().split("\\0"),
}))
"""


def outputs(path: Path) -> dict:
    """Each code cell's outputs by cell id, without execution counts and metadata."""
    nb = nbformat.read(path, as_version=4)
    return {
        cell.id: [
            {k: v for k, v in o.items() if k not in ("execution_count", "metadata")}
            for o in cell.outputs
        ]
        for cell in nb.cells
        if cell.cell_type == "code"
    }


def test_a_forked_kernel_stores_the_outputs_a_launched_kernel_stored(report):
    """The stored notebooks were executed by launched kernels (`make notebooks`), and nbval checks
    them against launched kernels; the 2024 run executes the same notebooks with the same
    parameters in forked kernels. Every cell's outputs, charts included, must be the same."""
    out, _ = report
    for stored in sorted(NOTEBOOKS_DIR.glob("0*.ipynb")):
        launched, forked = outputs(stored), outputs(out / "2024" / stored.name)
        assert launched.keys() <= forked.keys(), stored.name
        for cell_id, cell_outputs in launched.items():
            assert forked[cell_id] == cell_outputs, f"{stored.name} cell {cell_id}"


def test_a_forked_kernel_is_this_process_child_with_a_launched_kernels_state(tmp_path, monkeypatch):
    """Executed here as a build's worker executes it: the kernel is a fork of this process (its
    command line is this process's, not ipykernel_launcher's), its child, leads its own session
    (Ctrl-C and SIGTERM reach its group), and has the working folder, environment and matplotlib
    backend a launched kernel has."""
    monkeypatch.setenv("FORK_PROBE", "seen")
    source = tmp_path / "state.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(KERNEL_STATE)])
    nb.metadata["kernelspec"] = {
        "name": run.KERNEL,
        "display_name": run.KERNEL,
        "language": "python",
    }
    nbformat.write(nb, source)
    executed = tmp_path / "executed.ipynb"
    # a fresh process, as a build's worker (this one's matplotlib may have drawn already)
    script = (
        "import json, os, sys\n"
        "from pathlib import Path\n"
        "import contextlib, io, threading\n"
        "from tradeanalysis.report import forked_kernel, run\n"
        "with contextlib.redirect_stderr(io.StringIO()) as said:\n"
        "    forked_kernel.preload()\n"
        "after = [threading.active_count(), said.getvalue()]\n"
        f"run.execute(Path({str(source)!r}), Path({str(executed)!r}), {{}})\n"
        "print(json.dumps([os.getpid(), open('/proc/self/cmdline').read().split(chr(0)), after]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "MPLBACKEND"},
    )
    assert done.returncode == 0, done.stderr
    pid, cmdline, after_preload = json.loads(done.stdout.strip().splitlines()[-1])
    assert after_preload == [1, ""]  # no thread to lose in a fork, nothing said on stderr
    state = json.loads(nbformat.read(executed, as_version=4).cells[0].outputs[0]["text"])
    assert state == {
        "ppid": pid,
        "session_leader": True,
        "cwd": str(NOTEBOOKS_DIR),
        "parent_env": str(pid),
        "probe_env": "seen",
        "backend": forked_kernel.INLINE_BACKEND,
        "cmdline": cmdline,
    }


@pytest.mark.parametrize(
    "cmd, arguments",
    [
        ([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"], ["-f", "c.json"]),
        (
            [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"],
            ["-f", "c.json"],
        ),
        (["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "c.json"], None),  # another Python
        ([sys.executable, "-m", "other_kernel", "-f", "c.json"], None),
        ([sys.executable], None),
    ],
)
def test_only_this_pythons_ipykernel_is_forked(cmd, arguments):
    """Any other kernel command (another interpreter, another kernel) is launched as usual."""
    if cmd[0] == "/usr/bin/python3" and os.path.realpath(cmd[0]) == os.path.realpath(
        sys.executable
    ):
        pytest.skip("this interpreter is /usr/bin/python3")
    assert forked_kernel.kernel_arguments(cmd) == arguments
