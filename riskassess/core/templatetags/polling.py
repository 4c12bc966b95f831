"""{% poll_for_request as poll %}: the backing-off poll of a fragment (riskassess/core/polling.py)."""

from django import template

from riskassess.core.polling import POLL_MAX_MS, Poll, poll_for_request

register = template.Library()


@register.simple_tag(takes_context=True, name="poll_for_request")
def poll_for_request_tag(context, max_ms: int = POLL_MAX_MS) -> Poll:
    return poll_for_request(context.get("request"), max_ms=max_ms)
