"""`makemessages` without fuzzy matching: a new string starts empty in every catalogue instead of
borrowing the translation of a similar one (a guess that reads as a translation and is not one;
docs/translations.md). Django documents overriding `msgmerge_options` this way."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
