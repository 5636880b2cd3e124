"""What a page asks several times while it is served, read once per request.

The header, the footer, the language switcher and every listing ask for the
locales and the private sections (Wagtail's `Locale.get_default()`,
`get_active()` and `PageQuerySet.public()` query each time: about twenty
queries a page). `RequestMemoMiddleware` opens a memo for the length of a
request; a function decorated with `per_request` is computed once in it.
Outside a request (a task, a command, a test calling a function) nothing is
kept: every call reads the database, so nothing is ever stale there.
"""

import functools
from contextvars import ContextVar

_memo = ContextVar("cooperation_request_memo", default=None)


class RequestMemoMiddleware:
    """Open the request's memo; forget it when the response is rendered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def per_request(function):
    """Compute `function(*args)` once per request (arguments hashable)."""

    @functools.wraps(function)
    def remembered(*args):
        memo = _memo.get()
        if memo is None:
            return function(*args)
        key = (function, args)
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = function(*args)
            return value

    def forget(**kwargs):
        """Drop what the current request remembers of `function` (connected
        to the signals that change its answer)."""
        memo = _memo.get()
        if memo is not None:
            for key in [key for key in memo if key[0] is function]:
                del memo[key]

    remembered.forget = forget
    return remembered


def forget_all():
    """Drop everything the current request remembers (the site changed)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()
