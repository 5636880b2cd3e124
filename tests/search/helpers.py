"""What the search tests read in the answered HTML."""

import re

RESULTS = re.compile(r'<ol class="search-results"[^>]*>(.*?)</ol>', re.S)
RESULT_LINK = re.compile(
    r'<h3 class="search-result__title"(?: lang="fr")?><a href="([^"]+)"'
)
HEADING = re.compile(r"<h([1-6])\b")


def result_urls(html):
    """The addresses of the results list, in order (promotions excluded)."""
    found = RESULTS.search(html)
    return RESULT_LINK.findall(found.group(1)) if found else []


def heading_levels(html):
    main = html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]
    return [int(level) for level in HEADING.findall(main)]


def headings_in_order(html):
    """No heading level skipped on the way down (h1 → h2 → h3)."""
    levels = heading_levels(html)
    return levels[0] == 1 and all(
        after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)
    )
