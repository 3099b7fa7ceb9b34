"""``gulfsec render --scheduler ADDRESS``: the executions of a render on a dask.distributed cluster.

Each (notebook, parameters) group becomes one task submitted to the scheduler at ``ADDRESS``
(``tcp://HOST:PORT`` or ``tls://HOST:PORT``; :func:`check_scheduler_address`). A worker executes
the group in a kernel of its own (:func:`gulfsec.render.execution.build_group`, in a scratch folder
on the worker) and returns the pages, notebooks and images as bytes; the client (the machine
that runs ``gulfsec render``) writes them atomically into the output folder exactly as the
local pool does, so the workers need no shared file system, only the same installation:
the ``gulfsec`` package with its kernel (``make setup``), the notebooks and the data at the
same paths as on the client (a container image or the same checkout). Everything else is as
with the local pool: the lock, the cache, the manifest and the index are the client's. A
worker's answer may name only its reports' own files and ``_static/`` files
(:func:`check_result_files`); anything else fails that group.

**Security.** A Dask scheduler runs whatever code its clients send on every worker, and the
client unpickles what the workers send back: anyone who can reach an open (``tcp://``)
scheduler can run code on the workers, and a hostile worker on the client. Bind the scheduler
to 127.0.0.1, or use ``tls://`` with certificates (mutual TLS: only holders of a certificate
signed by the cluster's CA connect). The client's certificate comes from Dask's own
configuration (:class:`distributed.Security` reads ``distributed.comm.tls.ca-file``,
``distributed.comm.tls.client.cert`` and ``.key``: a Dask YAML file or the
``DASK_DISTRIBUTED__COMM__TLS__*`` environment variables); a ``tls://`` address without them is
an error before anything connects.

**Connecting.** Before the client is made, the address is probed with
:func:`distributed.comm.connect` (connection *and* Dask handshake) under one deadline, the
``distributed.comm.timeouts.connect`` setting of Dask's configuration (default 30 s, at most
:data:`MAX_CONNECT_TIMEOUT`). ``Client(timeout=...)`` alone does not bound the handshake, so
an address that answers but is no Dask scheduler (an HTTP server, the dashboard's port) hung
the render, lock held, until it was killed (dask/distributed#8071). Nothing listening,
not a Dask scheduler, TLS refused or a time-out all raise :class:`SchedulerError`, which the
render reports with its own exit code before any kernel starts.

Ctrl-C or SIGTERM cancels the tasks not yet started and stops, on every worker, the kernels
this render started (:func:`stop_render_kernels`, through :meth:`distributed.Client.run`), so
a running notebook ends at once; the client then exits 130/143 as with the local pool. A
worker that dies takes its kernels with it (ipykernel exits when its parent process dies).

Install with ``pip install gulfsec[cluster]``; without ``--scheduler`` nothing of Dask is
imported.

Examples
--------
>>> check_scheduler_address("tcp://127.0.0.1:8786")
'tcp://127.0.0.1:8786'
>>> check_scheduler_address("http://127.0.0.1:8787")
Traceback (most recent call last):
...
ValueError: 'http://127.0.0.1:8787': parameter 'protocol' must be one of ['tcp', 'tls'], got 'http'
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gulfsec._validate import check_choice

__all__ = [
    "MAX_CONNECT_TIMEOUT",
    "SCHEMES",
    "SchedulerError",
    "check_result_files",
    "check_scheduler_address",
    "connect",
    "execute_on_cluster",
    "remote_build",
    "scheduler_argument",
    "stop_render_kernels",
]

#: The protocols of a scheduler address: ``tcp`` (open: bind it to 127.0.0.1) and ``tls``.
SCHEMES: tuple[str, ...] = ("tcp", "tls")
#: Ceiling, seconds, on ``distributed.comm.timeouts.connect`` (the connect deadline).
MAX_CONNECT_TIMEOUT = 300.0
#: The Dask configuration keys the client's TLS files come from.
TLS_KEYS = (
    "distributed.comm.tls.ca-file",
    "distributed.comm.tls.client.cert",
    "distributed.comm.tls.client.key",
)
_HOST_PORT = re.compile(
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r":(?P<port>[0-9]{1,5})"
)
_STATIC_FILE = re.compile(r"_static/(?:img/)?[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+")


class SchedulerError(RuntimeError):
    """The Dask scheduler cannot be used: nothing answers, it is no Dask scheduler, TLS is
    missing or refused, or the connection timed out. Nothing was submitted."""


def check_scheduler_address(address: str) -> str:
    """Return ``address`` if it is ``[tcp|tls]://HOST:PORT`` (or ``HOST:PORT``, which is tcp).

    Raises
    ------
    ValueError
        Naming the address and what is wrong (the protocol as :func:`check_choice` words it).

    Examples
    --------
    >>> check_scheduler_address("tls://scheduler.example.org:8786")
    'tls://scheduler.example.org:8786'
    >>> check_scheduler_address("not an address")
    Traceback (most recent call last):
    ...
    ValueError: 'not an address': must be PROTOCOL://HOST:PORT, e.g. tcp://127.0.0.1:8786 or tls://10.0.0.5:8786
    """
    where = repr(address)
    scheme, sep, loc = address.rpartition("://")
    if sep:
        try:
            check_choice("protocol", scheme, SCHEMES)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
    m = _HOST_PORT.fullmatch(loc)
    if not m:
        raise ValueError(
            f"{where}: must be PROTOCOL://HOST:PORT, e.g. tcp://127.0.0.1:8786 or "
            "tls://10.0.0.5:8786"
        )
    if not 1 <= int(m["port"]) <= 65535:
        raise ValueError(f"{where}: the port must be from 1 to 65535, got {m['port']}")
    return address


def scheduler_argument(text: str) -> str:
    """:func:`check_scheduler_address` as an ``argparse`` type (a bad address: usage, exit 2).

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> _ = p.add_argument("--scheduler", type=scheduler_argument)
    >>> p.parse_args(["--scheduler", "127.0.0.1:8786"]).scheduler
    '127.0.0.1:8786'
    """
    try:
        return check_scheduler_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def connect_timeout() -> float:
    """The connect deadline in seconds: ``distributed.comm.timeouts.connect``, bounded.

    Raises
    ------
    SchedulerError
        If the setting is not a duration above 0 and at most MAX_CONNECT_TIMEOUT.
    """
    import dask.config
    from dask.utils import parse_timedelta

    value = dask.config.get("distributed.comm.timeouts.connect")
    try:
        seconds = float(parse_timedelta(value, default="seconds"))
    except (TypeError, ValueError, KeyError):
        seconds = float("nan")
    if not 0 < seconds <= MAX_CONNECT_TIMEOUT:
        raise SchedulerError(
            f"Dask's setting distributed.comm.timeouts.connect must be a duration above 0 s and "
            f"at most {MAX_CONNECT_TIMEOUT:g} s (MAX_CONNECT_TIMEOUT), got {value!r}"
        )
    return seconds


def _security(address: str):
    """The client's :class:`distributed.Security` (from Dask's configuration), checked."""
    from distributed import Security

    security = Security()
    if address.startswith("tls://"):
        missing = [
            key
            for key, have in zip(
                TLS_KEYS,
                (security.tls_ca_file, security.tls_client_cert, security.tls_client_key),
                strict=True,
            )
            if not have
        ]
        # the key may be appended to the certificate file instead (distributed.Security)
        if security.tls_client_cert and missing == [TLS_KEYS[2]]:
            missing = []
        if missing:
            env = ", ".join(
                "DASK_" + k.upper().replace(".", "__").replace("-", "_") for k in missing
            )
            raise SchedulerError(
                f"the scheduler {address} uses TLS, and Dask's configuration does not give "
                f"the client's {', '.join(missing)} (set them in a Dask configuration file or "
                f"as {env}; see reports/README.md, 'On a cluster')"
            )
    return security


def connect(address: str):
    """A :class:`distributed.Client` on the scheduler at ``address``, within the deadline.

    The address is checked (:func:`check_scheduler_address`), the client's TLS settings too
    for ``tls://``, then probed with :func:`distributed.comm.connect`, connection and
    handshake, under :func:`connect_timeout`; only a Dask scheduler that answers in time gets
    a client.

    Raises
    ------
    SchedulerError
        With what went wrong and the address.
    """
    import asyncio

    from distributed import Client
    from distributed.comm import connect as comm_connect

    try:
        check_scheduler_address(address)
    except ValueError as exc:
        raise SchedulerError(f"--scheduler {exc}") from None
    timeout = connect_timeout()
    security = _security(address)
    try:
        args = security.get_connection_args("client")
    except (OSError, ValueError) as exc:  # an unreadable or invalid certificate or key
        raise SchedulerError(
            f"the client's TLS files in Dask's configuration cannot be used: {exc}"
        ) from None

    async def probe() -> None:
        # connect() retries a refused connection until its own deadline, then raises OSError;
        # ending that before the outer deadline tells "nothing listens" from "no handshake"
        comm = await comm_connect(address, timeout=0.8 * timeout, **args)
        await comm.close()

    hint = (
        f"is `dask scheduler` running there, and is {address} its address (not its "
        "dashboard's)? The deadline is Dask's setting distributed.comm.timeouts.connect"
    )
    try:
        asyncio.run(asyncio.wait_for(probe(), timeout))
    except TimeoutError:
        raise SchedulerError(
            f"no Dask scheduler answered at {address} within {timeout:g} s; {hint}"
        ) from None
    except Exception as exc:
        raise SchedulerError(
            f"cannot connect to a Dask scheduler at {address} ({type(exc).__name__}: {exc}); {hint}"
        ) from None
    try:
        return Client(address, timeout=timeout, security=security)
    except Exception as exc:
        raise SchedulerError(
            f"the Dask scheduler at {address} did not accept a client ({type(exc).__name__}: {exc})"
        ) from None


def check_result_files(files: Any, ids: list[str]) -> dict[str, bytes | None]:
    """Return a worker's ``files`` if it names only what the group may write; else raise.

    A group writes ``<id>/<id>.html``, ``.ipynb`` and ``.failed.ipynb`` for its own report
    ids, and ``_static/`` files named by their content; nothing else, nowhere else.

    Examples
    --------
    >>> check_result_files({"a/a.html": b"<p>", "_static/img/0f.png": b""}, ["a"])
    {'a/a.html': b'<p>', '_static/img/0f.png': b''}
    >>> check_result_files({"../x": b""}, ["a"])
    Traceback (most recent call last):
    ...
    ValueError: the worker returned a file this group does not write: '../x'
    """
    allowed = {f"{rid}/{rid}{ext}" for rid in ids for ext in (".html", ".ipynb", ".failed.ipynb")}
    if not isinstance(files, dict):
        raise ValueError(f"the worker returned {type(files).__name__}, not a mapping of files")
    for rel, data in files.items():
        if not isinstance(rel, str) or (rel not in allowed and not _STATIC_FILE.fullmatch(rel)):
            raise ValueError(f"the worker returned a file this group does not write: {rel!r}")
        if data is not None and not isinstance(data, bytes):
            raise ValueError(f"the worker returned {type(data).__name__} for {rel!r}, not bytes")
    return files


def remote_build(task: dict[str, Any]) -> dict[str, Any]:
    """Run on a worker: build one group in a scratch folder of the worker; return everything."""
    from gulfsec.render.execution import build_group

    scratch = Path(tempfile.mkdtemp(prefix="gulfsec-render-"))
    try:
        return build_group(dict(task, staging=str(scratch)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def stop_render_kernels(run: str) -> int:
    """Run on a worker: stop the kernels started for the render ``run``; returns how many."""
    from gulfsec.render.execution import stop_kernels

    return stop_kernels(run)


def _cancel(client: Any, futures: list[Any], run: str) -> None:
    """Cancel this render's tasks and stop its kernels on every worker (best effort)."""
    try:
        client.cancel(futures, force=True)
        client.run(stop_render_kernels, run)
    except Exception:  # pragma: no cover - a worker gone is a worker without kernels
        pass


def execute_on_cluster(
    address: str,
    tasks: list[dict[str, Any]],
    out: Path,
    results: dict[str, dict[str, Any]],
    line: Callable[..., None],
) -> int:
    """Submit the groups to the scheduler at ``address``; write what comes back into ``out``.

    Returns the signal number if interrupted, else 0 (the local pool's contract).

    Raises
    ------
    SchedulerError
        If no usable Dask scheduler answers at ``address`` (:func:`connect`); then nothing
        was submitted or written.
    """
    try:
        from distributed import as_completed
    except ImportError as exc:  # pragma: no cover - the extra is installed in tests
        raise SystemExit(
            "gulfsec render: --scheduler needs dask.distributed: pip install 'gulfsec[cluster]'"
        ) from exc
    from gulfsec.render.execution import write_files
    from gulfsec.render.stopping import Terminated, crashed

    run = uuid.uuid4().hex
    client = connect(address)  # SchedulerError: nothing submitted, nothing written
    staging = out / f".staging-{os.getpid()}"
    staging.mkdir(parents=True, exist_ok=True)
    futures = []
    try:
        for task in tasks:
            t = dict(task, run=run)
            futures.append(
                client.submit(
                    remote_build, t, key=f"gulfsec-{t['group']}-{run}", pure=False, retries=0
                )
            )
        by_key = dict(zip((f.key for f in futures), tasks, strict=True))
        for fut in as_completed(futures):
            task = by_key[fut.key]
            try:
                res = fut.result()
                ids = [r["id"] for r in task["reports"]]
                write_files(out, check_result_files(res.pop("files"), ids), staging)
            except Exception as exc:  # a worker lost, a task that could not run
                res = crashed(task, f"{type(exc).__name__}: {exc}")
            for rep in res["reports"]:
                results[rep["id"]] = rep
                line(
                    "ok" if rep["status"] == "ok" else "FAILED",
                    rep["id"],
                    rep["seconds"],
                    rep.get("error"),
                )
        return 0
    except (KeyboardInterrupt, Terminated) as exc:  # SIGTERM raises Terminated (render.stopping)
        old_term = signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signum = signal.SIGINT if isinstance(exc, KeyboardInterrupt) else signal.SIGTERM
        _cancel(client, futures, run)
        signal.signal(signal.SIGTERM, old_term)
        return signum
    except BaseException:  # e.g. a closed stdout (BrokenPipeError): stop the kernels too
        _cancel(client, futures, run)
        raise
    finally:
        client.close()
        shutil.rmtree(staging, ignore_errors=True)
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
