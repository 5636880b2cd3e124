"""Every public address of the site, and what an attacker puts in it: the
material of tests/test_hostile_input.py.

`public_routes(site)` walks Django's URL resolver (the admin left out: it is
behind a login), then the live pages of the tree and the sub-routes of the
routable ones (Wagtail's `get_subpage_urls()`), and gives each address as a
template whose `{int}` / `{str}` holes are filled with hostile or real
values. `PARAMS` are the query parameters the views read, gathered from the
modules that name them.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from agenda import filters as agenda_filters
from agenda import routes as agenda_routes
from blog import models as blog_models
from projects import catalogue
from search import views as search_views

# Not walked: the admin (behind a login), the ESP webhooks (their own tests
# post ESP payloads), Wagtail's catch-all page view (the page tree is walked
# instead).
SKIPPED_PREFIXES = ("admin/", "anymail/")
SKIPPED_NAMES = {"wagtail_serve"}

PARAMS = sorted(
    {
        blog_models.CENTRE_PARAM,
        blog_models.CATEGORY_PARAM,
        blog_models.TAG_PARAM,
        agenda_filters.CATEGORY_PARAM,
        agenda_filters.PLACE_PARAM,
        agenda_routes.MONTH_PARAM,
        catalogue.SORT_PARAM,
        *catalogue.ProjectFilterForm.base_fields,
        search_views.QUERY_PARAM,
        search_views.TYPE_PARAM,
        search_views.PAGE_PARAM,
        # The centre's « Programme du mois » picker.
        "annee",
        "mois",
        "next",
    }
)

NUL = "\x00"
HUGE = str(10**30)
# Each case the issue names, and a few classics.
SAMPLES = [
    NUL,
    f"jeunesse{NUL}",
    "²",
    "٣",
    "５",
    "２０２６-０３",
    HUGE,
    f"-{HUGE}",
    "-1",
    "0",
    "x" * 10_000,
    "9" * 5000,
    "1e400",
    "nan",
    "2026-13",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "\r\nSet-Cookie: x=1",
    "\u202e\u200b🙂",
]
# Raw pieces of a query string: bytes that are not UTF-8, a NUL, a lone %.
RAW_QUERY_PIECES = ["%ff", "%00", "%C3", "%", "a=%ff%fe", "page=%00", "=&&="]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

hostile_text = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=40),
    st.integers().map(str),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Cc"]), max_size=12),
)
# A parameter given once or several times (?page=1&page=x).
param_values = st.lists(hostile_text, min_size=1, max_size=3)


class Raw(str):
    """A piece of address sent as it is, not percent-encoded (`%ff`)."""


@dataclass(frozen=True)
class Route:
    """An address with holes: `template` holds `{}` per hole, `holes` says
    what each hole takes ("int" or "str"), `examples` real values for it."""

    template: str
    holes: tuple = ()
    name: str = ""

    def fill(self, values):
        return self.template.format(
            *(
                value if isinstance(value, Raw) else quote(str(value), safe="")
                for value in values
            )
        )

    def __str__(self):
        return self.name or self.template


CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<\w+>)?([^()]*)\)")


def _template(pattern):
    """A pattern's piece of address as a template, and its holes."""
    if isinstance(pattern, LocalePrefixPattern):
        return "", ()
    if isinstance(pattern, RoutePattern):
        text = str(pattern._route)
        holes = tuple(
            "int" if match["kind"] == "int" else "str"
            for match in CONVERTER.finditer(text)
        )
        escaped = text.replace("{", "{{").replace("}", "}}")
        return CONVERTER.sub("{}", escaped), holes
    if isinstance(pattern, RegexPattern):
        text = str(pattern._regex).lstrip("^").rstrip("$")
        holes = tuple(
            "int" if match.group(1) == r"\d+" else "str"
            for match in REGEX_GROUP.finditer(text)
        )
        return REGEX_GROUP.sub("{}", text).replace("\\", ""), holes
    raise TypeError(pattern)


def _walk(patterns, template="", holes=()):
    for entry in patterns:
        piece, more = _template(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, template + piece, holes + more)
        elif isinstance(entry, URLPattern):
            yield entry.name, template + piece, holes + more


def django_routes():
    """Every public URL pattern of the project, as Route objects."""
    return [
        Route("/" + template, holes, name or template)
        for name, template, holes in _walk(get_resolver().url_patterns)
        if not template.startswith(SKIPPED_PREFIXES) and name not in SKIPPED_NAMES
    ]


def page_routes():
    """Every live page, each sub-route of the routable ones, and an unknown
    child of each page."""
    routes = []
    for page in Page.objects.live().filter(depth__gt=1).specific():
        url = page.url
        if not url:
            continue
        routes.append(Route(url, (), f"{page.specific_class.__name__} {url}"))
        routes.append(Route(url + "{}/", ("str",), f"child of {url}"))
        if isinstance(page, RoutablePageMixin):
            for name, template, holes in _walk(page.get_subpage_urls()):
                routes.append(Route(url + template, holes, f"{name} of {url}".strip()))
    return routes


def public_routes():
    routes = django_routes() + page_routes()
    # English addresses too: the same views under /en/.
    routes += [
        Route("/en" + route.template, route.holes, f"{route} (en)")
        for route in django_routes()
        if route.name in {"search", "news_feed_rss", "centre_news_feed_atom"}
    ]
    return routes


def query_string(params, raw_pieces=()):
    """`params` ({name: [values]}) encoded, then raw pieces appended as they
    are (bytes that are not UTF-8 survive only that way)."""
    parts = [
        f"{quote(name, safe='')}={quote(value, safe='')}"
        for name, values in params.items()
        for value in values
    ]
    return "&".join([*parts, *raw_pieces])
