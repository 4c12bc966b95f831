"""Small helpers shared by tests of several apps."""


def queued_tasks(callbacks, task_name: str) -> list:
    """The on-commit callbacks that send `task_name` to the workers
    (riskassess.core.transactions.on_commit_robust names them after the task)."""
    return [cb for cb in callbacks if getattr(cb, "__qualname__", "") == f"on_commit:{task_name}"]
