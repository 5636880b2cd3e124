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

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from wagtail.models import DraftStateMixin, Locale, Page, PageQuerySet


def french_locale():
    """The locale every page is written in first (`LANGUAGE_CODE`)."""
    return Locale.get_default()


def in_language(queryset, locale):
    """The objects of `queryset` in `locale`, plus the French objects that
    have no translation in it (for pages and drafts: no live one). Works for
    pages and translatable snippets alike; one query, whatever the count."""
    french = french_locale()
    if locale is None or locale.pk == french.pk:
        return queryset.filter(locale=french)
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


def french_source(page):
    """The French version of `page` (itself when French), or None."""
    french = french_locale()
    if page.locale_id == french.pk:
        return page
    return page.get_translation_or_none(french)


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
    translated = {
        page.translation_key: page
        for page in (translations or Page.objects.live()).filter(
            translation_key__in={page.translation_key for page in pages},
            locale=locale,
        )
    }
    shown = []
    for page in pages:
        if page.translation_key in translated:
            shown.append(translated[page.translation_key])
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
