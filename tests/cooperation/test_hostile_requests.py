"""What each hostile request of issue 10 answers, one by one: a NUL byte,
digits of other scripts, huge numbers, long strings, repeated parameters,
bytes that are not UTF-8, wrong methods, and the ESP webhooks. Each listing
must be right on its own too: the same requests without the middleware
give an empty or a normal list. (The walk of every address with random
input: tests/test_hostile_input.py.)"""

import base64
import json

import pytest
from django.conf import settings as django_settings

from cooperation.filters import parse_int, query_text
from newsletter import webhooks
from tests.test_page_types import build_every_page_type

pytestmark = pytest.mark.django_db

MIDDLEWARE = "cooperation.middleware.UnreadableRequestMiddleware"
HUGE = str(10**30)
SECRET = "brevo:un-secret-assez-long"
TRACKING = "/anymail/brevo/tracking/"
INBOUND = "/anymail/brevo/inbound/"


@pytest.fixture(scope="module")
def module_site(module_site_tree, django_db_blocker):
    with django_db_blocker.unblock():
        return build_every_page_type(module_site_tree)


@pytest.fixture
def site(module_site, db):
    return module_site


@pytest.fixture
def without_middleware(settings):
    """The views alone, as if the middleware were not there."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]


def test_a_path_that_is_not_utf8_is_not_found(client, site):
    # Django percent-encodes the bytes again (`%FF`): no address matches.
    assert client.get("/%ff/").status_code == 404
    assert client.get("/actualites/flux/%ff/rss/").status_code == 404


def test_the_middleware_is_installed():
    assert MIDDLEWARE in django_settings.MIDDLEWARE


@pytest.mark.parametrize(
    "url",
    [
        "/actualites/?categorie=%00",
        "/actualites/?etiquette=f%C3%AAte%00",
        "/actualites/?categorie=\x00",
        "/agenda/?categorie=jeunesse%00&lieu=1",
        "/agenda/?lieu=%ff",
        "/projets/?structure=%00",
        "/recherche/?q=%C3",
        "/actualites/flux/%00/rss/",
        "/actualites/flux/maison%00/atom/",
        "/newsletter/inscription/confirmer/%00/",
        "/actualites/%00/",
        "/documents/" + "9" * 5000 + "/x.pdf",
        "/actualites/" + "x" * 10_000 + "/",
    ],
)
def test_unreadable_addresses_answer_400(client, site, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Cette demande ne peut pas être lue" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "categorie=\x00",
        "etiquette=\x00",
        "maison=\x00",
        "categorie=" + "x" * 10_000,
        "page=1&page=x",
        f"page={HUGE}",
        f"page=-{HUGE}",
        "page=²",
        "page=٣",
        "page=５",
    ],
)
def test_news_filters_alone_answer_a_list(client, site, without_middleware, query):
    response = client.get(f"/actualites/?{query}")
    assert response.status_code == 200


def test_an_unknown_category_with_nul_lists_nothing(client, site, without_middleware):
    response = client.get("/actualites/?categorie=jeunesse\x00")
    assert response.status_code == 200
    assert "Fête de quartier aux Ors" not in response.content.decode()
    assert response.context["paginator"].count == 0


@pytest.mark.parametrize(
    "query",
    [
        "lieu=²",
        "lieu=٣",
        "lieu=５",
        f"lieu={HUGE}",
        f"lieu=-{HUGE}",
        "lieu=" + "9" * 10_000,
        "categorie=\x00",
        "categorie=atelier-velo&categorie=\x00",
        "page=²&page=" + HUGE,
    ],
)
def test_agenda_filters_alone_answer_a_list(client, site, without_middleware, query):
    response = client.get(f"/agenda/passes/?{query}")
    assert response.status_code == 200
    response = client.get(f"/agenda/mois/2026/3/?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("month", ["２０２６-０３", "٢٠٢٦-٠٣", "2026-13", HUGE, "\x00"])
def test_agenda_month_in_other_digits_is_not_found(
    client, site, without_middleware, month
):
    assert client.get("/agenda/", {"mois": month}).status_code == 404


@pytest.mark.parametrize(
    "year", ["٢٠٢٦", "２０２６", HUGE, "-2026", "\x00", "9" * 5000]
)
def test_programme_picker_in_other_digits_is_not_found(
    client, site, without_middleware, year
):
    centre = site["pages"][next(m for m in site["pages"] if m.__name__ == "CentrePage")]
    response = client.get(f"{centre.url}programme/", {"annee": year, "mois": "3"})
    assert response.status_code == 404


def test_catalogue_filters_alone_answer_a_list(client, site, without_middleware):
    query = {
        "dimension": "\x00",
        "mot_cle": "x" * 10_000,
        "public": "²",
        "statut": HUGE,
        "annee": "٢٠٢٤",
        "structure": "\x00",
        "tri": "-\x00",
    }
    response = client.get("/projets/", query)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query", ["q=\x00", "q=" + "é" * 10_000, "q=fête&page=٣", f"q=fête&page={HUGE}"]
)
def test_search_alone_answers_a_page(client, site, without_middleware, query):
    assert client.get(f"/recherche/?{query}").status_code == 200


def test_centre_feed_with_nul_is_not_found(client, site, without_middleware):
    assert client.get("/actualites/flux/maison\x00/rss/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/actualites/",
        "/agenda/",
        "/agenda/mois/2026/3/",
        "/agenda/ical/",
        "/projets/",
        "/actualites/flux/rss/",
        "/actualites/flux/atom/",
        "/recherche/?q=f%C3%AAte",
        "/robots.txt",
        "/sitemap.xml",
        "/health/",
        "/newsletter/inscription/merci/",
    ],
)
def test_read_only_addresses_refuse_other_methods(client, site, url):
    assert client.head(url).status_code == 200
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, response.status_code)
        assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    "url", ["/newsletter/inscription/", "/newsletter/inscription/mon-lien/"]
)
def test_newsletter_forms_answer_head(client, site, url):
    assert client.head(url).status_code == 200
    assert client.put(url).status_code == 405


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("12", 12),
        ("²", None),
        ("٣", None),
        ("５", None),
        (HUGE, None),
        ("-1", None),
        ("0", None),
        ("", None),
        (None, None),
        ("2147483647", 2147483647),
        ("2147483648", None),
    ],
)
def test_parse_int_reads_ascii_digits_in_range(value, number):
    assert parse_int(value) == number


def test_query_text_takes_the_last_value_without_nul():
    from django.http import QueryDict

    query = QueryDict("a=1&a=x\x00y&b=" + "z" * 1000)
    assert query_text(query, "a") == "x\ufffdy"
    assert len(query_text(query, "b")) == 255
    assert query_text(query, "c") == ""


# The ESP webhooks ------------------------------------------------------------


@pytest.fixture
def webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


def auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def test_only_the_sending_esps_webhooks_are_mounted():
    assert [p.name for p in webhooks.mounted("brevo")] == [
        "brevo_inbound_webhook",
        "brevo_tracking_webhook",
    ]
    assert [p.name for p in webhooks.mounted("mailgun")] == ["mailgun_tracking_webhook"]


@pytest.mark.parametrize(
    "esp", ["mailgun", "postmark", "sendgrid", "sendinblue", "mandrill", "amazon_ses"]
)
def test_other_esps_webhooks_are_not_found(client, webhook_secret, esp):
    response = client.post(
        f"/anymail/{esp}/tracking/", "{}", content_type="application/json", **auth()
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "",
        "\xff\xfe",
        "[]",
        "[1, 2]",
        "null",
        "42",
        '{"items": []}',
        '{"event": "hard_bounce", "email": "lea\\u0000@example.fr"}',
        '{"event": "delivered", "ts_epoch": "hier"}',
        '{"event": "delivered", "X-Mailin-custom": "{pas du json"}',
    ],
)
def test_unreadable_tracking_payloads_answer_400(client, webhook_secret, body):
    response = client.post(
        TRACKING, body.encode("latin-1"), content_type="application/json", **auth()
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body", ["{not json", "[]", '{"event": "delivered"}', '{"items": [1]}']
)
def test_unreadable_inbound_payloads_answer_400(client, webhook_secret, body):
    response = client.post(INBOUND, body, content_type="application/json", **auth())
    assert response.status_code == 400


def test_a_readable_event_is_still_applied(client, webhook_secret):
    body = json.dumps({"event": "delivered", "email": "lea@example.fr"})
    response = client.post(TRACKING, body, content_type="application/json", **auth())
    assert response.status_code == 200


@pytest.mark.parametrize("url", [TRACKING, INBOUND])
def test_webhooks_refuse_a_wrong_secret_and_a_get(client, webhook_secret, url):
    body = json.dumps({"event": "delivered", "email": "lea@example.fr"})
    wrong = client.post(
        url, body, content_type="application/json", **auth("brevo:faux")
    )
    assert wrong.status_code == 400
    assert client.post(url, body, content_type="application/json").status_code == 400
    assert client.get(url, **auth()).status_code == 405
    assert client.put(url, body, **auth()).status_code == 405


def test_webhooks_without_a_secret_refuse_everything(client, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ""}
    assert client.post(TRACKING, "{}", content_type="application/json").status_code == (
        403
    )
    assert client.get(TRACKING).status_code == 403
