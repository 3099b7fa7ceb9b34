"""How a render stops: SIGTERM as an exception, and the result of a group whose worker died.

Both the local workers (:mod:`gulfsec.render.pipeline`) and the Dask executions
(:mod:`gulfsec.render.cluster`) use them, so they live below both.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Terminated", "crashed", "on_sigterm"]


class Terminated(BaseException):
    """Raised in the main process by SIGTERM."""


def on_sigterm(signum: int, frame: Any) -> None:
    """The SIGTERM handler of a render's main process: raise :class:`Terminated`."""
    raise Terminated()


def crashed(task: dict[str, Any], error: str) -> dict[str, Any]:
    """The result of a group whose execution never returned (its worker died)."""
    from gulfsec.render.execution import now_iso

    return {
        "ok": False,
        "error": error,
        "reports": [
            {
                "id": r["id"],
                "status": "failed",
                "error": error,
                "seconds": None,
                "rendered_at": now_iso(),
            }
            for r in task["reports"]
        ],
    }
