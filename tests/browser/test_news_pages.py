import pytest

from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.browser_fixtures import check_accessibility, shared_by_module
from tests.factories import ImageFactory, build_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("news_site")]


def build_news_site():
    tree = build_site_tree()
    category = NewsCategoryFactory(name="Vie des quartiers", slug="vie-des-quartiers")
    other = NewsCategoryFactory(name="Europe", slug="europe")
    for index in range(3):
        NewsPageFactory(
            parent=tree["news"],
            title=f"Le jardin partagé, épisode {index}",
            image=ImageFactory(),
            categories=[category if index else other],
            tags=["jardins"],
        )
    return tree


news_site = shared_by_module(build_news_site)


def test_news_listing_and_article_have_no_axe_violation(
    site_server, page_for, viewport
):
    name, size = viewport
    page = page_for(size)
    assert page.goto(f"{site_server.url}/actualites/").status == 200
    check_accessibility(page, f"news-index-{name}")
    page.get_by_role("link", name="Le jardin partagé, épisode 2").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Le jardin partagé, épisode 2"
    check_accessibility(page, f"news-page-{name}")


def test_news_filters_work_with_the_keyboard_alone(site_server, page_for):
    page = page_for({"width": 1280, "height": 900})
    page.goto(f"{site_server.url}/actualites/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Europe":
            break
    else:
        pytest.fail("the Europe filter is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**categorie=europe**")
    titles = page.locator("article h2").all_inner_texts()
    assert titles == ["Le jardin partagé, épisode 0"]
    current = page.locator('a[aria-current="true"], a[aria-current="page"]')
    assert "Europe" in " ".join(current.all_inner_texts())
