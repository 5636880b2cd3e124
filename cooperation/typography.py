"""Typography on output: each language's rules applied to the text of a page.

One pass over the finished HTML (`TypographyMiddleware`), so that titles,
rich text written by editors and sentences made by templates all follow the
same rules, whatever wrote them. Only text between tags changes: tags and
their attributes, entities, comments and the content of `script`, `style`,
`pre`, `code`, `textarea` and `svg` are left as they are. The language is
the one of the nearest element with a `lang` attribute, so a French card on
an English page gets French rules.

French (the usage of the Imprimerie nationale's Lexique):
- a narrow no-break space (U+202F) before « ; : ! ? » and inside « »;
- « 1er » for the first of a month (« 1 décembre » → « 1er décembre »);
- one way of writing times: « 14 h », « 14 h 30 », « 9 h – 12 h » (from
  14h00, 14:00, 09:30, 9h-12h);
- typographic apostrophes (l'Ors → l’Ors).
English: no space before « ; : ! ? , » (a French habit in translated text),
French guillemets made English quotes (« x » → “x”), typographic
apostrophes, « 14h30 » written « 14:30 » (also in Arabic). Arabic: no space
before the colon and the other marks,
« ؟ ؛ ، » after an Arabic letter instead of « ? ; , », and guillemets
without the French spaces inside (« x » → «x»).

Direction (right-to-left pages): an element marked with a language written
the other way (`lang="fr"` on an Arabic page: a French title, a street) and
a phone or email link get `dir`, which isolates them (HTML's `[dir]` rule):
a full stop stays at the end of its sentence, « 04 75 02 31 13 » and
« 26100 Romans-sur-Isère » keep their order. Text with no marker is
isolated by its template (`dir="auto"`, `<bdi>`).
"""

import functools
import re

from django.conf.locale import LANG_INFO

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"
APOSTROPHE = "\u2019"

# Tokens of an HTML document: comments, tags, entities; the rest is text.
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>|&#?\w+;)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w:-]*)([^>]*)>", re.S)
_LANG = re.compile(r"""\slang\s*=\s*["']?([\w-]+)""", re.I)
# Elements whose text is code, data or input: never touched.
_RAW = {"script", "style", "pre", "code", "textarea", "svg", "kbd", "samp"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}

_SPACES = f"[ {NBSP}{NNBSP}\t]"
_MONTHS = (
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
    "novembre|décembre"
)

# French -------------------------------------------------------------------

# A mark that takes a space before it: after a word or a closing sign, and
# followed by a space, the end, a closing sign or another mark (so that
# « http:// », « 14:30 » and « ?page=2 » are left alone).
_FR_HIGH_MARKS = re.compile(
    rf"(?<=[\w)\]»’.…%€\"])" rf"{_SPACES}*" r"([;:!?]+)" rf"(?=$|\s|[)\]»<.,]|{NBSP})"
)
_FR_OPEN_QUOTE = re.compile(rf"«{_SPACES}*")
_FR_CLOSE_QUOTE = re.compile(rf"{_SPACES}*»")
_FR_FIRST = re.compile(rf"\b1{_SPACES}+(?=(?:{_MONTHS})\b)", re.I)
# Times: 14h, 14h00, 14h30, 14 h 30, 14:00, 09:30 (not 14:00:00, not 3:5).
_FR_TIME = re.compile(
    rf"\b([01]?\d|2[0-3])(?:{_SPACES}?h{_SPACES}?([0-5]\d)?|:([0-5]\d))(?![\d:])(?!\w)"
)
_FR_TIME_RANGE = re.compile(
    rf"(\d{NNBSP}h(?:{NNBSP}\d\d)?){_SPACES}*[-–—]{_SPACES}*(?=\d{{1,2}}{NNBSP}h)"
)
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# Django escapes the apostrophe of generated text as an entity.
_ESCAPED_APOSTROPHES = {"&#x27;", "&#39;"}
_WORD_END = re.compile(r"\w$")
_WORD_START = re.compile(r"\w")
# A mark at the start of a text that follows an inline element
# (« <strong>Adresse</strong> : »).
_FR_LEADING_MARK = re.compile(rf"^{_SPACES}*([;:!?]+)(?=$|\s)")
_INLINE_END = re.compile(r"</(?:a|abbr|b|bdi|cite|em|i|q|span|strong|time)\s*>", re.I)


def _time(match):
    hours = int(match.group(1))
    minutes = match.group(2) or match.group(3)
    if minutes and minutes != "00":
        return f"{hours}{NNBSP}h{NNBSP}{minutes}"
    return f"{hours}{NNBSP}h"


def french(text):
    text = _APOSTROPHE.sub(APOSTROPHE, text)
    text = _FR_TIME.sub(_time, text)
    text = _FR_TIME_RANGE.sub(rf"\1{NNBSP}–{NNBSP}", text)
    text = _FR_FIRST.sub(f"1er{NBSP}", text)
    text = _FR_HIGH_MARKS.sub(rf"{NNBSP}\1", text)
    text = _FR_OPEN_QUOTE.sub(f"«{NNBSP}", text)
    return _FR_CLOSE_QUOTE.sub(f"{NNBSP}»", text)


# English and Arabic ---------------------------------------------------------

# A space before a mark, after a word or a closing sign (« word : », « (x) ; »,
# « word , »), which neither language writes.
_SPACE_BEFORE_MARK = re.compile(
    rf"(?<=[\w)\]»”]){_SPACES}+([;:!?؟؛،,]+)(?=$|\s|[)\]«»“”<.,])"
)
_ARABIC_LETTER = "\u0600-\u06ff\u0750-\u077f"
_AR_MARKS = re.compile(rf"(?<=[{_ARABIC_LETTER}])([?;,])(?=$|\s|[)\]«»<])")
_AR_EQUIVALENT = {"?": "؟", ";": "؛", ",": "،"}
_LEADING_SPACE_BEFORE_MARK = re.compile(rf"^{_SPACES}+(?=[;:!?؟؛،,](?:$|\s))")
# A time written the French way (« 14h00 », « 9h30 ») in English or Arabic
# text: « 14:00 », « 9:30 », as the other times of those pages.
_FRENCH_CLOCK = re.compile(r"(?<![\w:])([01]?\d|2[0-3])h([0-5]\d)(?!\w)")


def english(text):
    text = _APOSTROPHE.sub(APOSTROPHE, text)
    text = _FRENCH_CLOCK.sub(r"\1:\2", text)
    text = _FR_OPEN_QUOTE.sub("“", text)
    text = _FR_CLOSE_QUOTE.sub("”", text)
    return _SPACE_BEFORE_MARK.sub(r"\1", text)


def arabic(text):
    text = _FRENCH_CLOCK.sub(r"\1:\2", text)
    text = _FR_OPEN_QUOTE.sub("«", text)
    text = _FR_CLOSE_QUOTE.sub("»", text)
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    return _AR_MARKS.sub(lambda match: _AR_EQUIVALENT[match.group(1)], text)


RULES = {"fr": french, "en": english, "ar": arabic}
# What each language's rules may change: a text holding none of these
# characters (most of a page: white space between tags, words) is left as
# it is without running the rules.
TRIGGERS = {
    french: re.compile(r"['\d;:!?«»]"),
    english: re.compile(r"['\d;:!?؟؛،,«»]"),
    arabic: re.compile(r"[\d;:!?؟؛،,«»]"),
}


def rules_for(language):
    return RULES.get((language or "").split("-")[0].lower())


# Direction ----------------------------------------------------------------

_DIR = re.compile(r"\sdir\s*=", re.I)
_LTR_LINK = re.compile(r"""\shref\s*=\s*["']?(?:tel|mailto):""", re.I)


def is_rtl(language):
    code = (language or "").split("-")[0].lower()
    return LANG_INFO.get(code, {}).get("bidi", False)


# HTML -------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _tag_info(token):
    """What the pass needs of a tag, read once per distinct tag (a page
    repeats the same few hundred): None for a comment or an entity, else
    (closing, name, language, says its direction, void, raw, where `dir`
    goes, a phone or email link)."""
    tag = _TAG.match(token)
    if tag is None:
        return None
    name, attributes = tag.group(2).lower(), tag.group(3)
    found = _LANG.search(attributes)
    return (
        bool(tag.group(1)),
        name,
        found.group(1) if found else None,
        bool(_DIR.search(attributes)),
        name in _VOID or attributes.rstrip().endswith("/"),
        name in _RAW,
        tag.end(2),
        name == "a" and bool(_LTR_LINK.search(attributes)),
    )


# Each rule's output for the texts it was given (a page repeats its words,
# times and dates): the rules depend on the text alone.
_TYPESET = {rule: {} for rule in TRIGGERS}
_TYPESET_MAX = 20000


def _typeset(rule, text):
    kept = _TYPESET[rule]
    result = kept.get(text)
    if result is None:
        result = rule(text)
        if len(kept) >= _TYPESET_MAX:
            kept.clear()
        kept[text] = result
    return result


def apply_to_html(html, language):
    """`html` with the rules of each element's language applied to its text."""
    out = []
    # Open elements that changed the language or opened raw text:
    # [tag name, language or None, raw?, same-name nesting].
    stack = []
    current = language
    current_rtl = is_rtl(current)
    rule = rules_for(current)
    raw = 0
    last_text = ""  # the text written last, across tags
    tokens = _TOKENS.split(html)
    for index, token in enumerate(tokens):
        if index % 2 == 0:
            if raw:
                out.append(token)
                continue
            if token and rule is not None and TRIGGERS[rule].search(token):
                if rule is french and out and _INLINE_END.fullmatch(out[-1]):
                    token = _FR_LEADING_MARK.sub(rf"{NNBSP}\1", token)
                elif rule in (english, arabic) and _WORD_END.search(last_text):
                    # « Read more<span> : … »: the mark follows the word
                    # written before the tag.
                    token = _LEADING_SPACE_BEFORE_MARK.sub("", token)
                token = _typeset(rule, token)
            if token.strip():
                last_text = token.rstrip()
            out.append(token)
            continue
        if (
            token in _ESCAPED_APOSTROPHES
            and not raw
            and rule in (french, english)
            and _WORD_END.search(out[-1])
            and _WORD_START.match(tokens[index + 1])
        ):
            token = APOSTROPHE
        info = _tag_info(token)
        if info is None:  # a comment or an entity
            out.append(token)
            continue
        closing, name, tag_language, says_direction, void, is_raw, at, link = info
        if not closing and not raw and not says_direction:
            direction = None
            if tag_language and is_rtl(tag_language) != current_rtl:
                direction = "rtl" if is_rtl(tag_language) else "ltr"
            elif link and current_rtl:
                direction = "ltr"
            if direction:
                token = f'{token[:at]} dir="{direction}"{token[at:]}'
        out.append(token)
        if closing:
            if stack and stack[-1][0] == name:
                if stack[-1][3]:
                    stack[-1][3] -= 1
                else:
                    _, _, was_raw, _ = stack.pop()
                    raw -= was_raw
                    current = next(
                        (entry[1] for entry in reversed(stack) if entry[1]), language
                    )
                    current_rtl = is_rtl(current)
                    rule = rules_for(current)
            continue
        if void:
            continue
        if tag_language or is_raw:
            stack.append([name, tag_language, int(is_raw), 0])
            raw += is_raw
            if tag_language:
                current = tag_language
                current_rtl = is_rtl(current)
                rule = rules_for(current)
        elif stack and stack[-1][0] == name:
            stack[-1][3] += 1
    return "".join(out)


class TypographyMiddleware:
    """Applies the rules to the public pages' HTML (not the admin's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 200
            or getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or request.path.startswith("/admin/")
        ):
            return response
        content = response.content.decode(response.charset or "utf-8")
        found = re.search(r"<html[^>]*\slang=[\"']?([\w-]+)", content[:2000])
        language = found.group(1) if found else None
        response.content = apply_to_html(content, language).encode(
            response.charset or "utf-8"
        )
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
