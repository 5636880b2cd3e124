"""French, English and Arabic typography applied to the pages' text."""

import pytest

from cooperation.typography import NBSP, NNBSP, apply_to_html, arabic, english, french


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("Horaires : lundi", f"Horaires{NNBSP}: lundi"),
        ("Horaires: lundi", f"Horaires{NNBSP}: lundi"),
        ("Vraiment ?", f"Vraiment{NNBSP}?"),
        ("Venez !", f"Venez{NNBSP}!"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("un ; deux", f"un{NNBSP}; deux"),
        ("« Agora »", f"«{NNBSP}Agora{NNBSP}»"),
        ("«Agora»", f"«{NNBSP}Agora{NNBSP}»"),
        ("le 1 décembre", f"le 1er{NBSP}décembre"),
        ("le 21 décembre", "le 21 décembre"),
        ("le 11 mai", "le 11 mai"),
        ("à 14h00", f"à 14{NNBSP}h"),
        ("à 14h30", f"à 14{NNBSP}h{NNBSP}30"),
        ("à 14:00", f"à 14{NNBSP}h"),
        ("à 09:30", f"à 9{NNBSP}h{NNBSP}30"),
        ("9 h – 12 h", f"9{NNBSP}h{NNBSP}–{NNBSP}12{NNBSP}h"),
        ("9h-12h", f"9{NNBSP}h{NNBSP}–{NNBSP}12{NNBSP}h"),
        ("l'Ors", "l’Ors"),
        # Left alone: addresses, clock times with seconds, words after numbers.
        ("https://coope.fr/?page=2", "https://coope.fr/?page=2"),
        ("12:30:00", "12:30:00"),
        ("3 habitants, 2 heures", "3 habitants, 2 heures"),
        ("en 2026", "en 2026"),
    ],
)
def test_french_rules(written, printed):
    assert french(written) == printed


def test_french_rules_are_idempotent():
    text = "« Agora » : le 1 décembre à 14h30 ! l'Ors"
    assert french(french(text)) == french(text)


def test_english_rules():
    assert english("Opening hours : Monday !") == "Opening hours: Monday!"
    assert english("Don't") == "Don’t"
    assert english("at 14:00") == "at 14:00"


def test_arabic_rules():
    assert arabic("العنوان : رومان") == "العنوان: رومان"
    assert arabic("هل تأتي?") == "هل تأتي؟"
    assert arabic("أولا, ثانيا") == "أولا، ثانيا"
    # Latin text inside keeps its own marks.
    assert arabic("Romans-sur-Isère, 26100") == "Romans-sur-Isère, 26100"


def test_only_text_changes_never_tags_attributes_or_code():
    html = (
        '<p title="Horaires : lundi">Horaires : lundi</p>'
        "<script>var a = b ? c : d;</script>"
        "<pre>x : y</pre><code>a ? b</code>"
        "<!-- note : x -->&amp; suite"
    )
    printed = apply_to_html(html, "fr")
    assert '<p title="Horaires : lundi">' in printed
    assert f"Horaires{NNBSP}: lundi</p>" in printed
    assert "<script>var a = b ? c : d;</script>" in printed
    assert "<pre>x : y</pre><code>a ? b</code>" in printed
    assert "<!-- note : x -->&amp; suite" in printed


def test_each_element_follows_its_own_language():
    html = (
        "<main><p>Opening hours : Monday</p>"
        '<article lang="fr"><div><div>Horaires : lundi</div></div>'
        "<p>Vraiment ?</p></article>"
        "<p>Really ?</p></main>"
    )
    printed = apply_to_html(html, "en")
    assert "Opening hours: Monday" in printed
    assert f"Horaires{NNBSP}: lundi" in printed
    assert f"Vraiment{NNBSP}?" in printed
    assert "Really?" in printed


def test_escaped_apostrophes_and_marks_after_inline_elements():
    printed = apply_to_html("<p>l&#x27;Ors <strong>Adresse</strong> : ici</p>", "fr")
    assert printed == f"<p>l’Ors <strong>Adresse</strong>{NNBSP}: ici</p>"


@pytest.mark.django_db
def test_pages_are_typeset_in_their_language(client, site_tree):
    from tests.blog.factories import NewsPageFactory
    from tests.factories import french as french_locale

    news = NewsPageFactory(
        parent=site_tree["news"], locale=french_locale(), title="Agora : le 1 décembre"
    )
    response = client.get(news.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Agora{NNBSP}: le 1er{NBSP}décembre" in content
    assert (
        "Agora : le 1 décembre"
        not in content.split("<body", 1)[1].split("<script", 1)[0]
    )


@pytest.mark.parametrize(
    ("name", "after_de"),
    [
        ("Les Ors", "des Ors"),
        ("Le Chalet", "du Chalet"),
        ("La Monnaie", "de la Monnaie"),
        ("L'Écluse", "de l’Écluse"),
        ("Anneyron", "d’Anneyron"),
        ("Écosite", "d’Écosite"),
        ("Saint-Nicolas", "de Saint-Nicolas"),
    ],
)
def test_a_place_name_after_de_in_french(name, after_de):
    from django.utils import translation

    from cooperation.text import of_name

    with translation.override("fr"):
        assert of_name(name) == after_de
    with translation.override("en"):
        assert of_name(name) == name


@pytest.mark.django_db
def test_centre_sentences_use_the_name_after_de(client, site_tree):
    from django.utils import translation

    from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
    from tests.factories import french as french_locale

    centres = CentreIndexPageFactory(parent=site_tree["home"], locale=french_locale())
    centre = CentrePageFactory(
        parent=centres,
        locale=french_locale(),
        title="Maison de quartier des Ors",
        short_name="Les Ors",
    )
    content = client.get(centre.url).content.decode()
    assert "Horaires d’ouverture des Ors" in content
    assert "de Les Ors" not in content

    centre.name_after_de = "de la maison des Ors"
    centre.save_revision().publish()
    content = client.get(centre.url).content.decode()
    assert "Horaires d’ouverture de la maison des Ors" in content
    with translation.override("en"):
        assert centre.of_name == "Les Ors"


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("العنوان : رومان", "العنوان: رومان"),
        (f"العنوان{NNBSP}: رومان", "العنوان: رومان"),
        ("هل تأتي ?", "هل تأتي؟"),
        ("أولا , ثانيا", "أولا، ثانيا"),
        ("أولا ; ثانيا", "أولا؛ ثانيا"),
        ("(مغلق) : غدا", "(مغلق): غدا"),
        ("« نص »", "«نص»"),
        ("من 14h00 إلى 17h30", "من 14:00 إلى 17:30"),
        # Latin text inside keeps its own marks.
        ("Romans-sur-Isère, 26100", "Romans-sur-Isère, 26100"),
    ],
)
def test_arabic_punctuation(written, printed):
    assert arabic(written) == printed


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        (f"Opening hours{NNBSP}: Monday", "Opening hours: Monday"),
        ("Really ?", "Really?"),
        ("one , two", "one, two"),
        ("« Agora »", "“Agora”"),
        (f"«{NNBSP}Agora{NNBSP}»", "“Agora”"),
        ("from 14h00 to 17h30", "from 14:00 to 17:30"),
        # Not a time: an hour count, an address.
        ("a 2h walk", "a 2h walk"),
        ("https://coope.fr/?page=2", "https://coope.fr/?page=2"),
    ],
)
def test_english_has_no_french_spacing(written, printed):
    assert english(written) == printed


def test_latin_text_in_an_arabic_page_is_isolated():
    html = (
        '<p>النص <h3 lang="fr">Maison de quartier des Ors.</h3>'
        '<a href="tel:0475023113">04 75 02 31 13</a>'
        '<a href="mailto:contact@coope.fr">contact@coope.fr</a>'
        '<span lang="en" dir="auto">x</span><span lang="ar">نص</span></p>'
    )
    printed = apply_to_html(html, "ar")
    assert '<h3 dir="ltr" lang="fr">' in printed
    assert '<a dir="ltr" href="tel:0475023113">' in printed
    assert '<a dir="ltr" href="mailto:contact@coope.fr">' in printed
    # An element that says its direction keeps it; Arabic in Arabic needs none.
    assert '<span lang="en" dir="auto">' in printed
    assert '<span lang="ar">' in printed


def test_arabic_in_a_left_to_right_page_is_isolated_and_links_are_left_alone():
    printed = apply_to_html(
        '<p><span lang="ar">نص</span> <a href="tel:0475">04 75</a>'
        '<span lang="fr"><b lang="fr">x</b></span></p>',
        "en",
    )
    assert '<span dir="rtl" lang="ar">' in printed
    assert '<a href="tel:0475">' in printed
    assert '<span lang="fr"><b lang="fr">' in printed


def test_french_inside_french_inside_arabic_gets_one_direction():
    printed = apply_to_html('<div lang="fr"><p lang="fr">Les Ors.</p></div>', "ar")
    assert printed == '<div dir="ltr" lang="fr"><p lang="fr">Les Ors.</p></div>'


@pytest.mark.parametrize(
    ("language", "link"),
    [("en", "Read more"), ("ar", "اقرأ المزيد")],
)
def test_no_space_before_a_mark_that_follows_a_tag(language, link):
    html = f'<a href="/x/">{link}<span class="visually-hidden"> : <span>T</span></span>'
    assert f'{link}<span class="visually-hidden">: <span>' in apply_to_html(
        html, language
    )
