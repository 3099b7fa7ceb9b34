"""What a render prints: one line per report (a bar on a terminal), safe when stdout closes."""

from __future__ import annotations

import os
import sys

__all__ = ["Progress", "error_summary", "say"]


def error_summary(error: str, width: int = 300) -> str:
    """One line for a log: the exception type and its message, even when the message starts
    on the next line (mathtext's ``ValueError: \\n$...$``, a parser's "expected:" line).

    Examples
    --------
    >>> error_summary("ValueError: \\n$\\\\require{action}$\\n^\\nParseFatalException: Unknown symbol")
    'ValueError: $\\\\require{action}$ ^ ParseFatalException: Unknown symbol'
    >>> error_summary("KeyError: 'side_a' (cell In [4])\\nkernel log")
    "KeyError: 'side_a' (cell In [4])"
    """
    lines = [ln.strip() for ln in error.strip().splitlines() if ln.strip()]
    if not lines:
        return ""
    text = " ".join(lines) if lines[0].endswith(":") else lines[0]
    return text if len(text) <= width else text[: width - 1] + "…"


def say(text: str, stream=None) -> None:
    """Print a line; a reader that went away (``| head``, a closed log pipe) is no failure.

    The stream is then pointed at ``os.devnull`` (as Python's documentation advises for
    ``SIGPIPE``), so the render goes on and exits as it would have.
    """
    stream = sys.stdout if stream is None else stream
    try:
        print(text, file=stream, flush=True)
    except (BrokenPipeError, ValueError):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass


class Progress:
    """A tqdm bar on a terminal; one plain line per report otherwise (cron logs)."""

    def __init__(self, total: int, quiet: bool):
        self.quiet = quiet
        self.bar = None
        if not quiet and total and sys.stderr.isatty():
            import tqdm

            tqdm.tqdm.monitor_interval = 0
            self.bar = tqdm.tqdm(total=total, unit="report", desc="gulfsec render", file=sys.stderr)

    def line(
        self, status: str, rid: str, seconds: float | None = None, error: str | None = None
    ) -> None:
        first = error_summary(error) if error else ""
        text = f"{status:<7} {rid}"
        if seconds is not None:
            text += f"  {seconds:.1f} s"
        if first:
            text += f"  {first}"
        if self.bar is not None:
            if status != "cached":
                self.bar.update(1)
            if status == "FAILED":
                self.bar.write(text, file=sys.stderr)
            return
        if status == "FAILED":
            say(text, sys.stderr if self.quiet else sys.stdout)
        elif not self.quiet:
            say(text)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
