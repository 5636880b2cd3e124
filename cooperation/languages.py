"""What a reader sees in their language, and the French page where a
translation is missing.

The site is written in French first; English and Arabic follow when someone
translates. So that no English or Arabic section is ever empty because a
translation is missing, every listing, home slot and feed asks for its
pages through `in_language`: the pages of the reader's language, plus the
French source of those that have no live translation in it. The French ones
carry `is_french_fallback` (a query annotation, no extra query) and their
cards say so (`lang="fr"`, « en français »).
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    DraftStateMixin,
    Locale,
    Page,
    PageQuerySet,
)

from cooperation.per_request import per_request
from cooperation.site_cache import remembered


@per_request
def locales():
    """Every Locale, by language code: from the site cache, or one query."""
    return remembered(
        "locales",
        lambda: {locale.language_code: locale for locale in Locale.objects.all()},
    )


@per_request
def private_q():
    """Wagtail's `PageQuerySet.private_q()` (the private sections, for
    `public()`): from the site cache, or one query."""
    return remembered("private", lambda: Page.objects.all().private_q())


def public(pages):
    """`pages.public()`, the private sections read once per request."""
    return pages.exclude(private_q())


def _locale_for(language_code):
    try:
        code = get_supported_content_language_variant(language_code)
    except LookupError:
        return None
    return locales().get(code)


def french_locale():
    """The locale every page is written in first (`LANGUAGE_CODE`): Wagtail's
    `Locale.get_default()`, without a query each time."""
    return _locale_for(settings.LANGUAGE_CODE) or Locale.get_default()


def active_locale():
    """The reader's locale (the active language): Wagtail's
    `Locale.get_active()`, without a query each time."""
    return _locale_for(translation.get_language()) or french_locale()


def locale_by_id(locale_id):
    """The Locale of that id, from the request's memo."""
    for locale in locales().values():
        if locale.pk == locale_id:
            return locale
    return Locale.objects.get(pk=locale_id)


def with_locale(page):
    """`page`, its `locale` set from the request's memo (no query when a
    template or a listing asks for `page.locale`)."""
    if page is not None and page.locale_id is not None:
        page.locale = locale_by_id(page.locale_id)
    return page


@per_request
def live_translations(translation_key):
    """The live, public pages of one translation key (a page and its
    translations), by language code: from the site cache, or one query;
    shared by the language switcher and the hreflang links."""
    return remembered(
        "translations", lambda: _live_translations(translation_key), translation_key
    )


def _live_translations(translation_key):
    pages = public(Page.objects.live().filter(translation_key=translation_key))
    return {with_locale(page).locale.language_code: page for page in pages}


def in_language(queryset, locale):
    """The objects of `queryset` in `locale`, plus the French objects that
    have no translation in it (for pages and drafts: no live one). Works for
    pages and translatable snippets alike; one query, whatever the count."""
    french = french_locale()
    if locale is None or locale.pk == french.pk:
        # Annotated too: a template asking an object for a missing attribute
        # costs Django a dir() of it (a page's is long), for each card.
        return queryset.filter(locale=french).annotate(
            is_french_fallback=Value(False, output_field=BooleanField())
        )
    model = queryset.model
    translations = model._default_manager.filter(
        translation_key=OuterRef("translation_key"), locale=locale
    )
    if issubclass(model, DraftStateMixin):
        translations = translations.filter(live=True)
    return queryset.filter(
        Q(locale=locale) | Q(locale=french) & ~Exists(translations)
    ).annotate(
        is_french_fallback=ExpressionWrapper(
            Q(locale=french), output_field=BooleanField()
        )
    )


def section_index(model, locale):
    """The live section page of `model` (the Agenda, the Actualités…) in
    `locale`, or the French one where it is not translated, for the links to
    it: from the site cache, or one query."""
    return remembered(
        "section",
        lambda: in_language(model.objects.live(), locale).first(),
        model._meta.label_lower,
        locale.pk if locale is not None else "",
    )


def french_source(page):
    """The French version of `page` (itself when French), or None: looked up
    once per request (the menu and every listing under a translated section
    ask for it)."""
    french = french_locale()
    if page.locale_id == french.pk:
        return page
    return _french_version(type(page), page.translation_key)


@per_request
def _french_version(model, translation_key):
    return remembered(
        "french-version",
        lambda: (
            model._default_manager.filter(
                translation_key=translation_key, locale=french_locale()
            )
            .order_by()
            .first()
        ),
        model._meta.label_lower,
        translation_key,
    )


def and_french_source(page):
    """`page` and, when it is a translation, its French source: the pages
    under which (or at which) the French content shown in its place lives.
    The one definition of « this page or its French source »."""
    source = french_source(page)
    if source is None or source.pk == page.pk:
        return [page]
    return [page, source]


def beneath(pages, depth=None):
    """A filter: pages filed anywhere under one of `pages` (the pages
    themselves included), or only at `depth` below them (1: children)."""
    return reduce(
        or_,
        (
            Q(path__startswith=page.path, depth__gte=page.depth)
            if depth is None
            else Q(path__startswith=page.path, depth=page.depth + depth)
            for page in pages
        ),
    )


def versions_in(pairs):
    """Each (object, locale id) of `pairs` (translatable snippets), as its
    translation in that locale when there is one, else as it is: one query
    for them all."""
    pairs = list(pairs)
    wanted = [
        (item, locale_id) for item, locale_id in pairs if item.locale_id != locale_id
    ]
    found = {}
    if wanted:
        model = type(wanted[0][0])
        for item in model._default_manager.filter(
            translation_key__in={item.translation_key for item, _ in wanted},
            locale_id__in={locale_id for _, locale_id in wanted},
        ):
            found[item.translation_key, item.locale_id] = item
    return [
        found.get((item.translation_key, locale_id), item) for item, locale_id in pairs
    ]


def reader_versions(objects, locale):
    """`objects` (translatable snippets: categories, vocabularies), each
    replaced by its translation in `locale` when there is one: one query.
    A page copied for translation keeps its French categories; this is how
    they are shown in the reader's language."""
    if locale is None:
        return list(objects)
    return versions_in((item, locale.pk) for item in objects)


def same_term(first, second):
    """Whether two translatable objects are one term in two languages."""
    return (
        first is not None
        and second is not None
        and (first.translation_key == second.translation_key)
    )


class ReaderQuerySet(PageQuerySet):
    """The page querysets of the listings: `in_language(locale)` then
    `under(root)`."""

    def private_q(self):
        return private_q()

    def in_language(self, locale):
        return in_language(self, locale)

    def under(self, root):
        """Filed anywhere under `root` (a section, a centre, a home), or
        under its French source: where the French pages shown in its place
        live."""
        return self.filter(beneath(and_french_source(root)))


def attach_reader_versions(pages, relation, name):
    """Set `page.<name>` to the objects of the many-to-many `relation` (its
    categories), each in the page's language when translated: one query for
    every page. A translated page keeps its source's French terms (which
    wagtail-localize copies as they are); the reader sees their own."""
    pages = list(pages)
    terms = [list(getattr(page, relation).all()) for page in pages]
    shown = iter(
        versions_in(
            (term, page.locale_id)
            for page, items in zip(pages, terms, strict=True)
            for term in items
        )
    )
    for page, items in zip(pages, terms, strict=True):
        setattr(page, name, [next(shown) for _ in items])


def reader_pages(pages, locale, translations=None):
    """`pages` (French pages a setting or an editor points to: the legal
    pages, the footer's places, a sheet's related pages), each replaced by its
    translation in `locale` found in `translations` (live pages by default),
    or kept, live, marked `is_french_fallback`; None and drafts are dropped.
    One query."""
    pages = [page for page in pages if page is not None and page.live]
    if not pages or locale is None:
        return pages
    # Pages already in `locale` need no lookup; and `translations` is not
    # tested for truth, which would run it whole.
    wanted = {page.translation_key for page in pages if page.locale_id != locale.pk}
    if translations is None:
        translations = Page.objects.live()
    translated = (
        {
            page.translation_key: page
            for page in translations.filter(translation_key__in=wanted, locale=locale)
        }
        if wanted
        else {}
    )
    shown = []
    for page in pages:
        if page.translation_key in translated:
            page = translated[page.translation_key]
            page.is_french_fallback = False
            shown.append(page)
        else:
            page.is_french_fallback = page.locale_id != locale.pk
            shown.append(page)
    return shown


def in_french_order(pages):
    """`pages` (of several languages) in the editors' order of the French
    tree: each by its French source's place, the pages without one last."""
    french_path = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=french_locale()
    ).values("path")[:1]
    return pages.annotate(french_path=Subquery(french_path)).order_by(
        F("french_path").asc(nulls_last=True), "path"
    )
