"""Supplier names: one identity, however it is typed.

A name is stored in Unicode NFKC (full-width letters and ligatures folded, spaces collapsed);
bidirectional controls are refused (they can make a name read as another); a name that looks the
same as an existing supplier's name or alias, once confusable characters are mapped (a Greek "Η"
for a Latin "H", a Cyrillic "а" for "a"), is flagged as a duplicate instead of being stored as a
second supplier. The confusable characters are those of Unicode's confusables table (UTS #39),
through the maintained `confusable_homoglyphs` package.
"""

import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables
from django.utils.translation import gettext

from riskassess.core.text import bidi_controls, control_characters, normalise_name


@lru_cache(maxsize=4096)
def _latin_of(char: str) -> str:
    if char.isascii():
        return char
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True) or []
    for entry in found:
        for glyph in entry.get("homoglyphs", []):
            if glyph["c"].isascii():
                return glyph["c"]
    return char


def name_skeleton(name: str) -> str:
    """What a name looks like: NFKC, confusables mapped to Latin, case, accents, spaces and
    punctuation dropped. Two names with the same skeleton read the same."""
    text = "".join(_latin_of(c) for c in unicodedata.normalize("NFKC", name))
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def name_problem(name: str) -> str | None:
    """Why a supplier name cannot be stored as given (control or bidi characters), or None."""
    if control_characters(name) or bidi_controls(name):
        return gettext("Remove the invisible control or text-direction characters from the name.")
    return None


def confusable_with(name: str, *, exclude_pk: int | None = None) -> str | None:
    """The name of an existing supplier that `name` looks the same as, or None."""
    from riskassess.suppliers.models import Supplier

    skeleton = name_skeleton(name)
    if not skeleton:
        return None
    for other, aliases in (
        Supplier.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Supplier.objects.all()
    ).values_list("name", "aliases"):
        for candidate in [other, *(aliases or [])]:
            if isinstance(candidate, str) and name_skeleton(candidate) == skeleton:
                return other
    return None


__all__ = ["confusable_with", "name_problem", "name_skeleton", "normalise_name"]
