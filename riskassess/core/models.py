from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SharedJSONField(models.JSONField):
    """A JSONField for large documents that many rows or requests share (a questionnaire
    template's definition): the parsed value is cached by its JSON text, so a page or an API
    request does not parse the same 40 KB again. The cached value is shared: treat it as
    read-only (published template versions are immutable anyway)."""

    _parsed: dict[str, object] = {}
    _MAX = 64  # template versions in use at once; past it the cache starts again

    def from_db_value(self, value, expression, connection):
        if not isinstance(value, str):
            return super().from_db_value(value, expression, connection)
        cache = SharedJSONField._parsed
        hit = cache.get(value)
        if hit is None:
            hit = super().from_db_value(value, expression, connection)
            if len(cache) >= self._MAX:
                cache.clear()
            cache[value] = hit
        return hit
