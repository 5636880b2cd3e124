"""The names of the site's own Wagtail hooks: how an app contributes to a page
of an app above it without that app importing it (as Wagtail's dashboard is
built from `construct_homepage_panels`).

HOME_PAGE_SLOT: a function `(home_page, request, context)` that returns one
section of the home page, a dict with `template` (what renders it, reading
`slot`), optionally `stylesheet` (a static path the section needs) and what
its template shows; or None to show nothing. Register it with an `order`:
the sections follow it. `context` holds `focus_items` (the editors' picks)
and `focus_limit`; a function may add to `focus_news` (news « À la une »)."""

HOME_PAGE_SLOT = "home_page_slot"

PURGE_PATHS = "purge_paths"
"""PURGE_PATHS: a function `(page)` that returns the addresses (paths, each
with its language prefix) whose cached HTML may show `page` besides the page,
its ancestors and the home pages that nginx's purge already reaches: a feed,
a calendar file, a month view. Called for a page published, unpublished,
moved or deleted; its paths are purged in the page's site."""
