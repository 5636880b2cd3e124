"""The alternative texts a reader gets in their language, remembered for
one request.

An image's alternative text is written in French on the image
(`description`); its English and Arabic versions are `AltText` snippets that
translators translate with wagtail-localize. A reader in English or Arabic
gets the translated text when there is one, else the French text marked
`lang="fr"`. The translated texts of a language are read in one query the
first time a request needs one (`remember`), then served from memory for
the rest of it: a page, its listings and its blocks cost one query
whatever the number of images. French readers cost none (the French text
is on the image row)."""

from contextlib import contextmanager
from contextvars import ContextVar

_memo = ContextVar("alt_texts", default=None)


@contextmanager
def remembered():
    """Within this block, the translated alternative texts of a language
    are read once (a request, an email being rendered)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remember(language, load):
    """`load()` ({image id: text} in `language`), once per `remembered`
    block; outside one, read each time (nothing would tell it is stale)."""
    memo = _memo.get()
    if memo is None:
        return load()
    if language not in memo:
        memo[language] = load()
    return memo[language]


class AltTextMiddleware:
    """Each request remembers the alternative texts it reads, and only
    for itself: a translation saved meanwhile shows on the next one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Django renders a TemplateResponse (a page) before it comes back
        # out through the middleware: inside this block.
        with remembered():
            return self.get_response(request)
