"""Kernels forked from a warm process: the scientific stack is imported once per worker, not per run.

Every notebook run gets a kernel of its own, so that nothing of one run can reach the next. A
kernel started by ``exec`` spends about half a second importing ipykernel and IPython, and
each notebook's setup cell about a second more importing numpy, pandas, matplotlib and
networkx: over the 28 runs of the default plan, about a third of the kernels' CPU time. A
*zygote* (the pattern of Android's app start-up and of :mod:`multiprocessing`'s forkserver)
pays that once. It is a plain Python process, started by a render worker with the kernel's own
interpreter, options, working directory and environment, that imports :data:`PRELOAD` and then
waits. For each run it forks: the child starts with those modules loaded and nothing else
done, becomes the leader of a session of its own (as an ``exec``-ed kernel does), takes the
run's environment, working directory and log, reseeds the random generators a fresh process
would seed from the operating system, and runs ipykernel's own entry point with the kernel's
command line. From there on it is an ordinary kernel: the same extension, the same messages,
the same bytes in the reports (a test renders notebooks both ways and compares them, and tests
run a notebook that changes module state, ``rcParams``, pandas options, random state and the
environment, then check that the next kernel of the same worker sees none of it).

The worker side is :func:`launch`, called by the renderer's kernel manager in place of
``subprocess.Popen``; it returns a :class:`ForkedKernel` with the part of the ``Popen``
interface that jupyter_client's provisioner and the renderer use, or ``None`` when forking
does not apply (not Linux, a kernel command that is not ``python ... -m ipykernel_launcher``,
:data:`START_ENV` set to ``exec``, or a zygote that could not start), and the kernel is then
started the usual way. A kernel forked here is the zygote's child, not the worker's: it is
followed through ``/proc`` (its pid and start time, so a recycled pid is never signalled), and
its exit status is not known to the worker (reported as 0, or minus the signal the worker sent).
The zygote reaps its children, exits when its worker closes the pipe (the worker ended, however
it ended), and its kernels then exit too (ipykernel's parent poller sees their parent change).

Hand-written: :mod:`multiprocessing`'s forkserver forks processes for its own protocol, not a
command line's entry point, and jupyter_client starts kernels by ``exec`` only; no maintained
library starts Jupyter kernels from a warm process. The part that needs care is small: the fork
itself (single-threaded zygote, no ZeroMQ context before the fork), the environment, and the
process bookkeeping above.

Examples
--------
>>> split_kernel_command(["/usr/bin/python3", "-Xfrozen_modules=off", "-m",
...                       "ipykernel_launcher", "-f", "k.json"])
('/usr/bin/python3', ('-Xfrozen_modules=off',), ['-f', 'k.json'])
>>> split_kernel_command(["R", "--slave"]) is None
True
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence

__all__ = [
    "KERNEL_NAME",
    "PRELOAD",
    "START_ENV",
    "ZYGOTE_NAME",
    "ForkedKernel",
    "close_all",
    "enabled",
    "launch",
]

#: Imported by the zygote before it forks (a module that fails to import is skipped). Only
#: libraries: a ``gulfsec`` module imported here would be recorded as a dependency of every run
#: (:mod:`gulfsec.render._kernel`), and matplotlib's inline backend must be loaded by the kernel
#: itself (it hooks into the running IPython shell when it is imported).
PRELOAD: tuple[str, ...] = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.figure",
    "networkx",
    "PIL.Image",
    "PIL.PngImagePlugin",
    "babel.core",
    "babel.numbers",
)

#: The kernel's own modules, which an ``exec``-ed kernel imports before it runs any cell too.
KERNEL_MODULES: tuple[str, ...] = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython.core.interactiveshell",
)

#: Environment variable choosing how kernels start: ``fork`` (the default where it applies) or
#: ``exec`` (always a new interpreter, as jupyter_client does).
START_ENV = "GULFSEC_KERNEL_START"

#: Variables that differ from one run to the next and that no preloaded module reads at import
#: time: a zygote serves every environment that agrees with its own on all the others.
PER_RUN = frozenset({"GULFSEC_RENDER_LOG", "JPY_PARENT_PID", "JPY_SESSION_NAME"})

#: Seconds a zygote may take to import :data:`PRELOAD` before it is given up.
READY_TIMEOUT = 120.0
#: At most this many zygotes per worker (one per interpreter, options, folder and environment).
MAX_ZYGOTES = 4


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether kernels are forked from a zygote (Linux, and :data:`START_ENV` not ``exec``).

    Examples
    --------
    >>> enabled({START_ENV: "exec"})
    False
    """
    environ = os.environ if environ is None else environ
    mode = environ.get(START_ENV, "fork").strip().lower()
    return mode != "exec" and sys.platform.startswith("linux") and hasattr(os, "fork")


def split_kernel_command(argv: Sequence[str]) -> tuple[str, tuple[str, ...], list[str]] | None:
    """``(python, interpreter options, kernel arguments)`` of ``python [opts] -m ipykernel_launcher
    args``, or ``None`` for any other kernel command."""
    argv = list(argv)
    if len(argv) < 3 or "-m" not in argv[1:]:
        return None
    i = argv.index("-m", 1)
    if i + 1 >= len(argv) or argv[i + 1] != "ipykernel_launcher":
        return None
    opts = argv[1:i]
    if not all(o.startswith("-") and o not in ("-c", "-m") for o in opts):
        return None
    return argv[0], tuple(opts), argv[i + 2 :]


# --- the worker's side ----------------------------------------------------------------------


def _stat(pid: int) -> tuple[str, str] | None:
    """``(state, start time)`` of a process from ``/proc`` (``None`` when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            text = fh.read().decode("ascii", "replace")
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()
    if len(fields) < 20:
        return None
    return fields[0], fields[19]


class ForkedKernel:
    """A kernel process forked by a zygote, with the ``Popen`` methods jupyter_client uses.

    Parameters
    ----------
    pid : int
        The kernel's process id (it leads its own session, so its process group is ``pid``).
    started : str
        Its start time in ``/proc/<pid>/stat``: a later process with the same pid is another.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int, started: str) -> None:
        self.pid = pid
        self.started = started
        self.returncode: int | None = None
        self._signal: int | None = None

    def _alive(self) -> bool:
        st = _stat(self.pid)
        return st is not None and st[1] == self.started and st[0] not in ("Z", "X", "x")

    def poll(self) -> int | None:
        """``None`` while the kernel runs, else its exit status as far as it is known."""
        if self.returncode is None and not self._alive():
            self.returncode = -self._signal if self._signal else 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait until the kernel has exited (``subprocess.TimeoutExpired`` after ``timeout``)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, sig: int) -> None:
        """Send ``sig`` to the kernel, unless it has exited.

        After ``SIGKILL``, wait (up to 50 ms) until it is gone, so that the next :meth:`poll`
        says so: jupyter_client otherwise sleeps 0.1 s before it looks again.
        """
        if self.poll() is None:
            self._signal = sig
            os.kill(self.pid, sig)
            if sig == signal.SIGKILL:
                deadline = time.monotonic() + 0.05
                while self._alive() and time.monotonic() < deadline:
                    time.sleep(0.001)

    def terminate(self) -> None:
        """``SIGTERM``."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """``SIGKILL``."""
        self.send_signal(signal.SIGKILL)


class _Zygote:
    """A warm process started by this worker (see the module docstring)."""

    def __init__(self, python: str, opts: tuple[str, ...], cwd: str, env: dict[str, str]):
        self.proc = subprocess.Popen(
            [python, *opts, os.path.abspath(__file__), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
            close_fds=True,
        )
        self.lock = threading.Lock()
        self.ready = False

    def _read(self, timeout: float) -> dict | None:
        import select

        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        if not line:
            return None
        try:
            reply = json.loads(line)
        except ValueError:
            return None
        return reply if isinstance(reply, dict) else None

    def fork(self, args: list[str], env: Mapping[str, str], cwd: str, log: str | None):
        with self.lock:
            if self.proc.poll() is not None:
                return None
            if not self.ready:
                reply = self._read(READY_TIMEOUT)
                if not reply or not reply.get("ready"):
                    self.close()
                    return None
                self.ready = True
            request = {"args": args, "env": dict(env), "cwd": cwd, "log": log}
            assert self.proc.stdin is not None
            try:
                self.proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
                self.proc.stdin.flush()
            except OSError:
                self.close()
                return None
            reply = self._read(30.0)
            if not reply or not isinstance(reply.get("pid"), int) or not reply.get("started"):
                self.close()  # out of step with its worker: the next launch starts a new one
                return None
        return ForkedKernel(reply["pid"], str(reply["started"]))

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_ZYGOTES: dict[tuple, _Zygote] = {}
_ZYGOTES_LOCK = threading.Lock()


def _key(python, opts, cwd, env) -> tuple:
    return (python, opts, cwd, tuple(sorted((k, v) for k, v in env.items() if k not in PER_RUN)))


def launch(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: str | os.PathLike | None = None,
    log: str | os.PathLike | None = None,
) -> ForkedKernel | None:
    """Start the kernel ``argv`` as a fork of this worker's zygote; ``None`` if that does not apply.

    Parameters
    ----------
    argv : sequence of str
        The kernel's command line, as jupyter_client would run it.
    env : mapping
        The kernel's whole environment.
    cwd : path, optional
        The kernel's working directory (default: this process's).
    log : path, optional
        File that receives the kernel's stdout and stderr (default: discarded).

    Returns
    -------
    ForkedKernel or None
        ``None`` when the kernel must be started the usual way (see the module docstring).
    """
    parts = split_kernel_command(argv)
    if parts is None or not enabled():
        return None
    python, opts, args = parts
    cwd = os.path.abspath(os.fspath(cwd) if cwd is not None else os.getcwd())
    env = dict(env)
    key = _key(python, opts, cwd, env)
    with _ZYGOTES_LOCK:
        zygote = _ZYGOTES.get(key)
        if zygote is None or zygote.proc.poll() is not None:
            if zygote is None and len(_ZYGOTES) >= MAX_ZYGOTES:
                return None
            base = {k: v for k, v in env.items() if k not in PER_RUN}
            try:
                zygote = _ZYGOTES[key] = _Zygote(python, opts, cwd, base)
            except OSError:
                return None
    return zygote.fork(args, env, cwd, os.fspath(log) if log is not None else None)


def close_all(kill: bool = False) -> None:
    """Stop this process's zygotes (their kernels exit once their parent is gone).

    With ``kill``, at once (``SIGKILL``: a zygote holds no state worth a clean exit).
    """
    with _ZYGOTES_LOCK:
        zygotes = list(_ZYGOTES.values())
        _ZYGOTES.clear()
    for zygote in zygotes:
        if kill:
            zygote.proc.kill()
        zygote.close()


# --- the zygote's side (run as a script: ``python [opts] .../warm.py``) ------------------------


#: Process names (``/proc/<pid>/comm``, what ``ps -o comm`` and ``top`` show): a forked kernel
#: keeps the zygote's command line, so its name says what it is.
KERNEL_NAME = "gulfsec-kernel"
ZYGOTE_NAME = "gulfsec-zygote"


def _prctl(option: int, arg) -> None:  # pragma: no cover - runs in the zygote and its kernels
    try:
        import ctypes

        ctypes.CDLL(None).prctl(option, arg, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _set_name(name: str) -> None:  # pragma: no cover - runs in the zygote and its kernels
    _prctl(15, name.encode()[:15])  # PR_SET_NAME


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the zygote and kernels
    """SIGTERM when the parent ends (PR_SET_PDEATHSIG); at once if it already has."""
    _prctl(1, int(signal.SIGTERM))
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


class _KernelShell:  # pragma: no cover - runs in the zygote
    """What ``get_ipython()`` returns in a kernel, as far as an import-time check looks: an
    IPython shell with a ``kernel`` (``pandas.io.formats.console.is_terminal``)."""

    kernel = True


class _KernelStream:  # pragma: no cover - runs in the zygote
    """A kernel's ``sys.stdout``/``sys.stderr`` as an import-time check sees it: encoding
    ``UTF-8``, as ipykernel's ``OutStream`` (pandas reads it for ``display.encoding``)."""

    encoding = "UTF-8"
    errors = "strict"

    def __init__(self, target) -> None:
        self._target = target

    def write(self, text: str) -> int:
        return self._target.write(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return False


def _reap(signum, frame) -> None:  # pragma: no cover - runs in the zygote
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


#: Warning filters that the preloaded modules added when they were imported (in the zygote).
_PRELOAD_FILTERS: list = []


def _refile_warning_filters() -> None:  # pragma: no cover - runs in the kernel
    """Put the preloaded modules' warning filters in front, where they would be had the
    notebook imported those modules after the kernel started (the first match decides)."""
    import warnings

    mine = [f for f in _PRELOAD_FILTERS if f in warnings.filters]
    rest = [f for f in warnings.filters if f not in mine]
    warnings.filters[:] = mine + rest
    warnings._filters_mutated()  # type: ignore[attr-defined]


def _child(
    request: dict, reply_fd: int, zygote: int, launcher: str
) -> None:  # pragma: no cover - runs in the kernel
    """In the forked child: become the run's kernel (never returns); ``launcher`` is the path
    of ``ipykernel_launcher`` (its ``sys.argv[0]``)."""
    code = 1
    try:
        _die_with_parent(zygote)
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.close(reply_fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        log = request.get("log")
        out = (
            os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            if log
            else os.open(os.devnull, os.O_WRONLY)
        )
        os.dup2(out, 1)
        os.dup2(out, 2)
        for fd in {null, out} - {0, 1, 2}:
            os.close(fd)
        cwd = request["cwd"]
        os.chdir(cwd)
        env = {str(k): str(v) for k, v in request["env"].items()}
        env["JPY_PARENT_PID"] = str(zygote)  # the kernel ends when the zygote does
        os.environ.clear()
        os.environ.update(env)
        if "numpy" in sys.modules:  # a fresh process seeds numpy's global generator itself
            sys.modules["numpy"].random.seed()
        # ipykernel reads JPY_PARENT_PID when it is imported (in the zygote): say it again
        sys.argv = [launcher, *request["args"], f"--IPKernelApp.parent_handle={zygote}"]
        _set_name(KERNEL_NAME)
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()  # IPKernelApp.launch_instance(), in two steps:
        app.initialize()
        _refile_warning_filters()
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _import(name: str) -> list[str]:  # pragma: no cover - runs in the zygote
    import importlib

    try:
        importlib.import_module(name)
    except Exception:  # not installed, or broken: the kernel will say so if it needs it
        return []
    return [name]


def serve(worker: int | None = None) -> None:  # pragma: no cover - runs in the zygote
    """The zygote's main loop: preload, say ready, then fork one kernel per request line."""
    _set_name(ZYGOTE_NAME)
    if worker is not None:
        _die_with_parent(worker)
    zygote = os.getpid()
    reply_fd = os.dup(1)
    os.dup2(2, 1)  # what the preloaded modules print must not reach the reply pipe
    reply = os.fdopen(reply_fd, "w", encoding="utf-8", closefd=False)
    import builtins
    import warnings

    preloaded = []
    for name in KERNEL_MODULES:
        preloaded += _import(name)
    # A library may look at its surroundings when it is imported: pandas asks whether it runs
    # in a Jupyter kernel (for ``display.max_columns``) and reads the encoding of
    # ``sys.stdout`` (for ``display.encoding``). Until the kernel exists, answer as it will.
    before = list(warnings.filters)
    streams = sys.stdout, sys.stderr
    builtins.get_ipython = _KernelShell  # type: ignore[attr-defined]
    sys.stdout, sys.stderr = _KernelStream(sys.stderr), _KernelStream(sys.stderr)
    try:
        for name in PRELOAD:
            preloaded += _import(name)
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
        sys.stdout, sys.stderr = streams
    _PRELOAD_FILTERS[:] = [f for f in warnings.filters if f not in before]
    import importlib.util

    spec = importlib.util.find_spec("ipykernel_launcher")
    launcher = spec.origin if spec and spec.origin else "ipykernel_launcher"
    signal.signal(signal.SIGCHLD, _reap)
    reply.write(json.dumps({"ready": True, "pid": zygote, "preloaded": preloaded}) + "\n")
    reply.flush()
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError:
            reply.write(json.dumps({"error": "bad request"}) + "\n")
            reply.flush()
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, reply_fd, zygote, launcher)
        started = None
        for _ in range(100):
            st = _stat(pid)
            if st is not None:
                started = st[1]
                break
            time.sleep(0.001)
        reply.write(json.dumps({"pid": pid, "started": started}) + "\n")
        reply.flush()
    os._exit(0)  # the worker closed the pipe: nothing to clean up


if __name__ == "__main__":  # pragma: no cover - the zygote
    # Run as a script, the script's folder (gulfsec/render) comes first on the path: remove it,
    # as ipykernel_launcher removes the working directory (IPython adds '' back later).
    del sys.path[0]
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else None)
