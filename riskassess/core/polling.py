"""The backing-off poll of htmx fragments that wait for a worker (the score panel, a report row).

A fragment that is still waiting renders itself with `hx-trigger="load delay:<ms>ms"` and a URL
carrying `?poll=<n>`: the first poll comes 150 ms after the fragment appears, each next one 1.5
times later, never more than 2 s apart. A score stored in 50 ms shows within about 200 ms, and a
fragment that waits long costs one request every 2 s, not ten a second.
"""

from dataclasses import dataclass

POLL_FIRST_MS = 150
POLL_FACTOR = 1.5
POLL_MAX_MS = 2000
POLL_MAX_ATTEMPT = 50  # the delay stays at POLL_MAX_MS long before; only bounds the parameter


@dataclass(frozen=True)
class Poll:
    attempt: int
    delay_ms: int

    @property
    def next(self) -> int:
        return min(self.attempt + 1, POLL_MAX_ATTEMPT)


def poll_delay_ms(attempt: int, *, first_ms: int = POLL_FIRST_MS, max_ms: int = POLL_MAX_MS) -> int:
    """The delay before poll number `attempt` (0 for the first)."""
    attempt = max(0, min(attempt, POLL_MAX_ATTEMPT))
    return int(min(first_ms * POLL_FACTOR**attempt, max_ms))


def poll_for_request(request, *, first_ms: int = POLL_FIRST_MS, max_ms: int = POLL_MAX_MS) -> Poll:
    """The poll of this fragment request: its `?poll=` attempt (0 when absent or not a number)."""
    raw = request.GET.get("poll", "") if request is not None else ""
    attempt = int(raw) if raw.isdigit() else 0
    attempt = min(attempt, POLL_MAX_ATTEMPT)
    return Poll(attempt=attempt, delay_ms=poll_delay_ms(attempt, first_ms=first_ms, max_ms=max_ms))
