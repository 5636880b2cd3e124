"""What a search result shows under its title: a short text with the words
searched for marked, built from plain text only (never from stored HTML)."""

import html
import re
from functools import lru_cache

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from cooperation.text import fold

SNIPPET_WORDS = 30
# The fields a snippet is taken from, the first one filled in winning.
SNIPPET_FIELDS = (
    "search_description",
    "intro",
    "summary",
    "hero_text",
    "description",
)
# Words too common to be worth marking (PostgreSQL ignores them too).
STOP_WORDS = frozenset(
    [
        "les",
        "des",
        "une",
        "pour",
        "dans",
        "avec",
        "sur",
        "par",
        "aux",
        "que",
        "qui",
        "quoi",
        "est",
        "sont",
        "pas",
        "plus",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "nous",
        "vous",
        "ils",
        "elle",
        "elles",
        "mais",
        "donc",
        "car",
        "cette",
        "ces",
        "tout",
        "tous",
        "toute",
        "the",
        "and",
        "for",
        "with",
    ]
)
WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def stem(word):
    """A rough French root, enough to mark « jardin » for « jardins »: the
    search itself relies on PostgreSQL's real stemmer."""
    folded = fold(word)
    for ending in ("s", "x", "e"):
        if len(folded) > 4 and folded.endswith(ending):
            folded = folded[: -len(ending)]
    return folded


@lru_cache(maxsize=256)
def query_stems(query):
    return frozenset(
        stem(word)
        for word in WORD.findall(query)
        if len(word) > 2 and fold(word) not in STOP_WORDS
    )


def plain_text(value):
    """The text of a field, HTML tags removed and entities decoded."""
    return " ".join(html.unescape(strip_tags(str(value))).split())


def snippet_source(page):
    for name in SNIPPET_FIELDS:
        value = getattr(page, name, "")
        if value:
            text = plain_text(value)
            if text:
                return text
    return ""


def snippet(page, query):
    """About thirty words about `page`, the words of `query` in <mark>."""
    return marked(snippet_source(page), query)


def marked(source, query):
    """About thirty words of the plain text `source`, the words of `query`
    in <mark>.

    Every piece of text is escaped on its own before the <mark> tags are put
    around it, so that nothing the editors or the visitor typed can become
    markup."""
    text = Truncator(source).words(SNIPPET_WORDS)
    if not text:
        return ""
    stems = query_stems(query)
    parts = []
    position = 0
    for match in WORD.finditer(text):
        word = match.group()
        found = stem(word)
        if stems and any(
            found == wanted or (len(wanted) > 3 and found.startswith(wanted))
            for wanted in stems
        ):
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(word)}</mark>")
            position = match.end()
    parts.append(escape(text[position:]))
    # Safe: every part was escaped above, only our own <mark> tags are not.
    return mark_safe("".join(parts))
