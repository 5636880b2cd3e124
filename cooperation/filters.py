"""What the listings (news, agenda, catalogue, search) read from a query
string, read safely, and the filter links they show
(components/filter_links.html).

A query string is written by anyone: a NUL byte (PostgreSQL refuses it),
digits of other scripts (« ² », « ٣ », « ５ »), numbers too large for any
column, 10 kB of text, a parameter given twice. Every listing reads its
parameters through `query_text` and `query_int`, so that each of those
answers an empty or a normal list, never an error.
"""

# Longer than any slug or value of the site (Wagtail's slugs: 255).
MAX_TEXT_LENGTH = 255
# The largest id of a PostgreSQL `integer` column (page ids).
MAX_ID = 2**31 - 1


def query_text(query, name):
    """The value of `name` (the last one when repeated), "" when absent.

    A NUL byte becomes U+FFFD, which no slug holds, and the value is cut at
    MAX_TEXT_LENGTH: a filter asked for with such a value stays on and
    matches nothing, as any unknown value does."""
    value = query.get(name, "")
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "\ufffd")[:MAX_TEXT_LENGTH]


def parse_int(value, *, minimum=1, maximum=MAX_ID):
    """`value` as an integer when written in ASCII digits and within
    [minimum, maximum]; None otherwise. (`int()` reads « ٣ » and refuses
    « ² », which `isdigit()` accepts.)"""
    if not isinstance(value, str) or not value.isascii() or not value.isdecimal():
        return None
    if len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def query_int(query, name, *, minimum=1, maximum=MAX_ID):
    """The integer value of `name` (see `parse_int`), or None."""
    return parse_int(query.get(name), minimum=minimum, maximum=maximum)


def filter_groups(*groups):
    """The groups of links the component shows, from (title, HTML id, links)
    triples; a link is a dict with `name`, `query` (the encoded query string
    that applies it) and `is_current`. A group without links is left out."""
    return [
        {"title": title, "id": html_id, "links": links}
        for title, html_id, links in groups
        if links
    ]
