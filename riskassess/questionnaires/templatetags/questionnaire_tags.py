from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name, *args):
    """The URL of `name`, or "" when no such route exists (parts of the page served by other apps)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
