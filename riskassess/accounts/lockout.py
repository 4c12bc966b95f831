"""Login lockout limits for django-axes (settings.AXES_FAILURE_LIMIT names `failure_limit`).

django-axes counts failures under each of settings.AXES_LOCKOUT_PARAMETERS (one username from one
address; one address, whatever the username) and compares the largest count to one limit. We want
two: LOGIN_FAILURES_PER_PAIR for a username from an address (a user mistyping does not lock out
their colleagues), LOGIN_FAILURES_PER_ADDRESS for an address across usernames (password spraying:
one guess for each of many usernames). So the limit is computed for the request: it is reached (1)
when either count is, and out of reach otherwise.
"""

from django.conf import settings
from django.http import HttpRequest


def failure_limit(request: HttpRequest, credentials: dict | None) -> int:
    from axes.helpers import get_client_ip_address, get_client_username
    from axes.models import AccessAttempt
    from django.db.models import Sum

    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    username = get_client_username(request, credentials)
    attempts = AccessAttempt.objects.filter(ip_address=address)
    per_address = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    per_pair = attempts.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"] or 0
    if per_pair >= settings.LOGIN_FAILURES_PER_PAIR or per_address >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return 1
    return max(per_address, per_pair) + 1
