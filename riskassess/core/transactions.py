"""Queue work after the current transaction commits, without ever failing the caller."""

from collections.abc import Callable
from typing import Any

from django.db import transaction


def on_commit_robust(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """`transaction.on_commit(partial(func, ...), robust=True)`, with a named callback.

    robust=True: a broker that is down is logged, never turned into an error for a request whose
    data is already committed (the sweepers re-queue later). The callback is a named function
    because Django logs a failing robust callback by its __qualname__, which functools.partial
    lacks: the logging itself would raise.
    """

    def callback() -> None:
        func(*args, **kwargs)

    task = getattr(func, "__self__", None)  # a Celery task's .delay: name the task
    name = getattr(task, "name", None) or getattr(func, "__qualname__", None) or repr(func)
    callback.__qualname__ = f"on_commit:{name}"
    callback.func, callback.args, callback.kwargs = func, args, kwargs  # type: ignore[attr-defined]  # for tests
    transaction.on_commit(callback, robust=True)
