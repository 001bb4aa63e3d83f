"""Every string in Indonesian, the catalogues compiled, and the language switch at work.

See docs/i18n.md: strings are written in English, Bahasa Indonesia is the default language.
"""

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p for p in (ROOT / "komunitas").glob("*/templates/**/*") if p.suffix in (".html", ".txt")
)


def _load_messages():
    """scripts/messages.py is a script, not part of the package: load it by its path."""
    name = "komunitas_scripts_messages"
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


messages = _load_messages()


# --- Catalogues --------------------------------------------------------------------------------


def test_every_string_has_an_indonesian_translation():
    if any(shutil.which(tool) is None for tool in messages.GETTEXT_TOOLS):
        pytest.fail("install gettext (apt-get install gettext): makemessages needs xgettext")
    problems = messages.check_translations()
    assert not problems, (
        "Strings without a good Indonesian translation; translate them in the app's "
        "locale/id/LC_MESSAGES/django.po and run `make messages` (docs/i18n.md):\n"
        + "\n".join(map(str, problems))
    )


def test_every_compiled_catalogue_matches_its_source():
    assert messages.catalogues(), "no catalogue found: run make messages"
    problems = messages.check_compiled()
    assert not problems, "\n".join(map(str, problems))


def test_indonesian_has_one_plural_form():
    import polib

    for path in messages.catalogues():
        if path.parts[-3] == "id":
            assert polib.pofile(str(path)).metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_placeholder_check_catches_a_translation_that_drops_one():
    import polib

    po = polib.POFile()
    po.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Halo", flags=["python-format"]))
    po.append(
        polib.POEntry(msgid="%(n)s%% done", msgstr="%(n)s%% selesai", flags=["python-format"])
    )
    po.append(polib.POEntry(msgid="Later", msgstr="Nanti", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Not yet", msgstr=""))
    kinds = [p.kind for p in messages.translation_problems("demo", "id", po)]
    assert kinds == ["placeholders", "fuzzy", "untranslated"]


# --- The language a visitor and a member see ----------------------------------------------------


@pytest.mark.django_db
def test_pages_are_in_indonesian_by_default(client):
    response = client.get("/akun/masuk/")
    assert b'<html lang="id">' in response.content
    assert "Lupa kata sandi?" in response.content.decode()
    assert "Forgot your password?" not in response.content.decode()


@pytest.mark.django_db
def test_a_visitor_switches_to_english(client):
    response = client.post("/bahasa/", {"language": "en", "next": "/akun/masuk/"})
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/"
    assert response.cookies["komunitas_language"].value == "en"
    page = client.get("/akun/masuk/").content.decode()
    assert '<html lang="en">' in page
    assert "Forgot your password?" in page
    client.post("/bahasa/", {"language": "id", "next": "/akun/masuk/"})
    assert "Lupa kata sandi?" in client.get("/akun/masuk/").content.decode()


@pytest.mark.django_db
def test_the_switch_ignores_an_unknown_language_and_a_foreign_next(client):
    response = client.post("/bahasa/", {"language": "xx", "next": "https://example.com/"})
    assert response["Location"] == "/"
    assert "komunitas_language" not in response.cookies


@pytest.mark.django_db
def test_a_members_choice_is_kept_in_their_profile(member, member_client):
    member_client.post("/bahasa/", {"language": "en", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"
    # The profile wins even where the cookie is gone, e.g. on another phone.
    member_client.cookies.pop("komunitas_language", None)
    page = member_client.get("/akun/profil/").content.decode()
    assert '<html lang="en">' in page
    assert "Save profile" in page


# --- Templates: no text outside a translation tag -----------------------------------------------

# Words that are the same in every language: the languages' own names on the switch, brands and
# the official acronyms (glossary in docs/i18n.md).
ALLOWED = ["Bahasa Indonesia", "English", "WhatsApp", "NPSN", "NUPTK"]
TEMPLATE_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
NOT_TEXT = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.DOTALL),
    re.compile(r"\{%\s*blocktrans(late)?\b.*?\{%\s*endblocktrans(late)?\s*%\}", re.DOTALL),
    TEMPLATE_SYNTAX,
    re.compile(r"<(script|style|pre)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"<[^>]*>"),
    re.compile(r"&#?\w+;"),
]
TRANSLATABLE_ATTRIBUTE = re.compile(
    r"""\s(aria-label|placeholder|title|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
WORD = re.compile(r"[^\W\d_]{2,}")


def _blank(match: re.Match) -> str:
    """Blank out a match but keep its newlines, so that line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def untranslated_text(source: str) -> list[tuple[int, str]]:
    """(line, text) of visible text and translatable attributes outside a translation tag."""
    found = []
    # Attributes: look at them with the template syntax blanked, so a {% translate %} inside
    # the quotes counts as translated whatever quotes it uses.
    tagless = TEMPLATE_SYNTAX.sub(lambda m: "\0" * len(m.group(0)), source)
    for match in TRANSLATABLE_ATTRIBUTE.finditer(tagless):
        value = (match.group(2) if match.group(2) is not None else match.group(3)).replace("\0", "")
        if WORD.search(value):
            found.append((source.count("\n", 0, match.start()) + 1, match.group(0).strip()))
    text = source
    for pattern in NOT_TEXT:
        text = pattern.sub(_blank, text)
    for allowed in ALLOWED:
        text = text.replace(allowed, " " * len(allowed))
    for number, line in enumerate(text.splitlines(), start=1):
        if WORD.search(line):
            found.append((number, line.strip()))
    return sorted(found)


def test_the_template_check_finds_literal_text():
    source = (
        '{% load i18n %}<p title="Hint">{% translate "Fine" %}</p>\n'
        "<h2>Forgotten</h2>\n"
        '<pre>csv,example</pre><label aria-label="{% translate "Ok" %}">{{ x }}</label>\n'
        "{% blocktranslate %}Also {{ fine }}{% endblocktranslate %} · ✓ NPSN\n"
        '<input placeholder="{{ hint }}"><img alt="Logo">\n'
    )
    assert untranslated_text(source) == [
        (1, 'title="Hint"'),
        (2, "Forgotten"),
        (5, 'alt="Logo"'),
    ]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_text_outside_translation_tags(template):
    found = untranslated_text(template.read_text(encoding="utf-8"))
    assert not found, "Wrap in {% translate %} or {% blocktranslate %}:\n" + "\n".join(
        f"{template.relative_to(ROOT)}:{line}: {text}" for line, text in found
    )
