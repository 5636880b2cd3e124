"""The filter links of a listing (news, agenda), for
components/filter_links.html."""


def filter_groups(*groups):
    """The groups of links the component shows, from (title, HTML id, links)
    triples; a link is a dict with `name`, `query` (the encoded query string
    that applies it) and `is_current`. A group without links is left out."""
    return [
        {"title": title, "id": html_id, "links": links}
        for title, html_id, links in groups
        if links
    ]
