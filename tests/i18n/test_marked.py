"""Every text a user reads in a template is marked for translation (docs/translations.md).

A template is read as Django reads it (its lexer), with what is translated or computed taken out:
`{% translate %}`, `{% blocktranslate %}...{% endblocktranslate %}`, `{{ variables }}`, comments and
the other tags. What is left is HTML; its text nodes, its `title`, `aria-label`, `alt` and
`placeholder` attributes and the `value` of a submit button must then hold no words, only
punctuation, numbers and the few names and codes of ALLOWED (product names, units, standard
abbreviations that are the same in every language). Text inside <script>, <style>, <pre> and
<code> is not interface text and is skipped.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"
ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}
# The value of a button-like <input> is its label.
BUTTONS = {"submit", "button", "reset"}
SKIPPED_ELEMENTS = {"script", "style", "pre", "code", "kbd", "samp"}
# Output of a tag or variable: not text of the template itself.
OUT = "\x00"
# Words that read the same in every language: names, codes, units, standard abbreviations.
ALLOWED = {
    "riskassess",
    "5G",
    "API",
    "OpenAPI",
    "ReDoc",
    "Swagger",
    "UI",
    "PDF",
    "CSV",
    "XLSX",
    "JSON",
    "EU",
    "ENISA",
    "TOTP",
    "NIS2",
    "RAN",
    "ID",
    "SHA-256",
    "LEI",
    "UTC",
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
}
# Files that are not pages: the API documentation shells only host a third-party viewer.
NOT_PAGES = {"api/redoc.html", "api/swagger_ui.html"}


def templates() -> list[str]:
    return sorted(
        str(p.relative_to(TEMPLATES))
        for p in TEMPLATES.rglob("*")
        if p.suffix in {".html", ".txt"} and str(p.relative_to(TEMPLATES)) not in NOT_PAGES
    )


FILTER_LITERAL = re.compile(r"""\|(?:yesno|default|default_if_none):(?:"([^"]*)"|'([^']*)')""")


TAG_LITERAL = re.compile(r"""(?<![_(])"([^"]*)"|(?<![_(])'([^']*)'""")


def without_template_language(source: str) -> str:
    """The template's own text: tags and variables replaced by OUT (their output) or by nothing."""
    parts = []
    skip_until = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.COMMENT:
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if skip_until:
                if name == skip_until:
                    skip_until = None
                    parts.append(OUT if name == "endblocktranslate" else "")
                continue
            if name in {"blocktranslate", "blocktrans"}:
                skip_until = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
            elif name == "comment":
                skip_until = "endcomment"
            elif name in {"translate", "trans"} and " as " not in token.contents:
                parts.append(OUT)
            elif name.endswith("_svg"):
                # A chart's title or description given as a bare literal is printed as it is.
                literals = [a or b for a, b in TAG_LITERAL.findall(token.contents)]
                parts.append(OUT + OUT.join(literals) + OUT if literals else "")
            else:
                parts.append("")
            continue
        if skip_until:
            continue
        if token.token_type == TokenType.VAR:
            # A literal default or yes/no word is output as it is written.
            literals = [a or b for a, b in FILTER_LITERAL.findall(token.contents)]
            parts.append(OUT + OUT.join(literals) + OUT if literals else OUT)
            continue
        parts.append(token.contents)
    return "".join(parts)


class TextNodes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self.skipping.append(tag)
        self.attributes(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.attributes(tag, attrs)

    def attributes(self, tag, attrs):
        read = set(ATTRIBUTES)
        if tag == "input" and dict(attrs).get("type") in BUTTONS:
            read.add("value")
        self.found.extend(value for name, value in attrs if name in read and value)

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.found.append(data)


TOKEN = re.compile(r"[^\s()\[\],;·–—…\"“”]+")
LETTER = re.compile(r"[^\W\d_]")


def words(text: str) -> list[str]:
    """The tokens of text that hold a letter and are neither allowed nor a URL path."""
    found = []
    for token in TOKEN.findall(text):
        token = token.strip(".:!?'’")
        if LETTER.search(token) and token not in ALLOWED and not token.startswith("/"):
            found.append(token)
    return found


def unmarked(source: str) -> list[str]:
    parser = TextNodes()
    parser.feed(without_template_language(source))
    parser.close()
    texts = []
    for text in parser.found:
        for piece in text.split(OUT):
            if words(piece):
                texts.append(" ".join(piece.split()))
    return texts


@pytest.mark.parametrize("name", templates())
def test_every_text_of_the_template_is_marked_for_translation(name):
    assert unmarked((TEMPLATES / name).read_text()) == []


def test_the_check_sees_unmarked_text_and_accepts_marked_text():
    assert unmarked("<p>Hello</p>") == ["Hello"]
    assert unmarked('<a title="Open the file">{% translate "x" %}</a>') == ["Open the file"]
    assert unmarked('<img alt="{% translate "Logo" %}">') == []
    assert unmarked("<p>{% blocktranslate trimmed with n=x %}Hi {{ n }}{% endblocktranslate %}</p>") == []
    assert unmarked("<p>{{ supplier.name }} · 5G · 12 %</p>") == []
    assert unmarked("<p>{% if x %}Draft{% endif %}</p>") == ["Draft"]
    assert unmarked('<input type="submit" value="Merge">') == ["Merge"]
    assert unmarked('<input name="q" value="x">') == []
    assert unmarked('<td>{{ x|yesno:"yes,no" }}</td><td>{{ y|default:_("none") }}</td>') == ["yes,no"]
    assert unmarked('{% trend_svg trend 640 "Score by campaign" %}') == ["Score by campaign"]
    assert unmarked('{% trend_svg trend 640 _("Score by campaign") %}') == []
    assert unmarked("{# a note #}<script>let a = 'text';</script>") == []
