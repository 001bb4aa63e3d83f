"""The Indonesian says the right thing, in one word for each thing (docs/i18n.md).

Each app keeps its own catalogue, and Django merges them: for a source string found in two
catalogues, the first app in INSTALLED_APPS wins, in every app. So one English string without a
context must have one translation everywhere; where one English word means two things it gets a
``pgettext`` context.
"""

import re
from collections import defaultdict
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "komunitas").glob("*/locale/id/LC_MESSAGES/django.po"))


def _entries():
    for path in CATALOGUES:
        app = path.parts[-5]
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield app, entry


def _translation(entry) -> str:
    return entry.msgstr or " | ".join(v for _, v in sorted(entry.msgstr_plural.items()))


def catalogue_conflicts(entries) -> list[str]:
    """One line per source string that two catalogues translate differently."""
    seen = defaultdict(lambda: defaultdict(list))
    for app, entry in entries:
        seen[(entry.msgctxt, entry.msgid, entry.msgid_plural)][_translation(entry)].append(app)
    return [
        f"{msgid!r}"
        + (f" (context {context!r})" if context else "")
        + ": "
        + "; ".join(f"{', '.join(apps)} → {text!r}" for text, apps in translations.items())
        for (context, msgid, _plural), translations in seen.items()
        if len(translations) > 1
    ]


def test_the_conflict_check_finds_two_translations_of_one_string():
    def entry(msgid, msgstr, msgctxt=None):
        return polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt)

    found = catalogue_conflicts(
        [
            ("meetings", entry("Check in", "Presensi")),
            ("journeys", entry("Check in", "Cek kemajuan")),
            ("journeys", entry("Check in", "Cek kemajuan", msgctxt="learning plan")),
            ("core", entry("Cancel", "Batal")),
            ("pustaka", entry("Cancel", "Batal")),
        ]
    )
    assert found == ["'Check in': meetings → 'Presensi'; journeys → 'Cek kemajuan'"]


def test_one_source_string_has_one_translation_in_every_catalogue():
    conflicts = catalogue_conflicts(_entries())
    assert not conflicts, (
        f"{len(conflicts)} source strings are translated differently in two apps' catalogues, "
        "and the first app in INSTALLED_APPS wins everywhere. Give them the same translation, "
        "or a pgettext context where the meaning differs (docs/i18n.md):\n" + "\n".join(conflicts)
    )


# --- One word for each thing: the glossary of docs/i18n.md ------------------------------------


def glossary_forbidden() -> dict[str, str]:
    """{forbidden word: the glossary's word for it}, from the glossary table of docs/i18n.md."""
    forbidden = {}
    in_table = False
    for line in (ROOT / "docs" / "i18n.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| English | Bahasa Indonesia | Never in Indonesian |"):
            in_table = True
        elif in_table and line.startswith("| "):
            _english, say, never = (cell.strip() for cell in line.strip("|").split("|"))
            forbidden.update({word.strip(): say for word in never.split(",") if word.strip()})
        elif in_table and not line.startswith("|"):
            break
    return forbidden


def forbidden_words_in(entries, forbidden: dict[str, str]) -> list[str]:
    patterns = {word: re.compile(rf"\b{re.escape(word)}", re.IGNORECASE) for word in forbidden}
    found = []
    for app, entry in entries:
        text = _translation(entry)
        for word, pattern in patterns.items():
            if pattern.search(text):
                found.append(f"{app}: {text!r} says {word!r}; the glossary: {forbidden[word]!r}")
    return found


def test_the_glossary_names_the_forbidden_variants():
    forbidden = glossary_forbidden()
    assert {"e-mail", "surel", "check-in", "unggahan", "kiriman"} <= set(forbidden)
    sample = [("meetings", polib.POEntry(msgid="e-mail", msgstr="Surel"))]
    assert forbidden_words_in(sample, forbidden) == [
        "meetings: 'Surel' says 'surel'; the glossary: "
        "'email, alamat email (as Indonesian users write it)'"
    ]


def test_indonesian_catalogues_use_the_glossarys_words():
    found = forbidden_words_in(_entries(), glossary_forbidden())
    assert not found, "Use the glossary's word (docs/i18n.md):\n" + "\n".join(found)


# --- Labels start with a capital letter ---------------------------------------------------------


def project_forms() -> list[type]:
    """Every form class written in the project (forms.py of each app, admin, views...)."""
    import importlib
    import inspect

    from django import forms

    for path in sorted((ROOT / "komunitas").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if not {"migrations", "tests", "management"} & set(parts) and parts[-1] != "__main__":
            importlib.import_module(".".join(p for p in parts if p != "__init__"))
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("komunitas.") and not inspect.isabstract(sub):
                found.add(sub)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def bare_form(cls):
    """The form with its declared and model fields, without what its __init__ asks for."""
    from django import forms

    form = cls.__new__(cls)
    forms.BaseForm.__init__(form)
    return form


def test_every_form_label_starts_with_a_capital_in_indonesian():
    from django.utils import translation
    from django.utils.html import escape

    classes = project_forms()
    assert len(classes) > 50, [c.__qualname__ for c in classes]
    small = []
    with translation.override("id"):
        for cls in classes:
            form = bare_form(cls)
            for name in form.fields:
                field = form[name]
                text = str(field.label)
                if text and text[0].isalpha() and not text[0].isupper():
                    small.append(f"{cls.__module__}.{cls.__qualname__}.{name}: {text!r}")
                assert f">{escape(text)}" in field.label_tag()
    assert not small, "Labels that start with a small letter:\n" + "\n".join(small)


def test_meeting_form_labels_read_as_indonesian_labels(client, fasilitator):
    from tests.factories import make_community

    community = make_community(fasilitator=fasilitator)
    client.force_login(fasilitator)
    html = client.get(f"/k/{community.slug}/pertemuan/baru/").content.decode()
    for label in ("Judul", "Tanggal", "Pukul", "Moda"):
        assert f">{label}:</label>" in html, label


# --- Times are written one way: 22.04 WIB ---------------------------------------------------------

# A machine value (a datetime attribute, ISO: "Y-m-d\TH:i:sO") keeps its colon.
CLOCK_WITH_COLON = re.compile(r"""(date|time):\s*["'](?![^"']*\\T)[^"']*[GHgh]:i|%H:%M""")
# Where a colon is right: the value of <input type="time"> (HTML asks for HH:MM), and the
# attendance CSV, read by spreadsheets as a date and time.
COLON_ALLOWED = {
    ("komunitas/lib/widgets.py", 'super().__init__(attrs=attrs, format="%H:%M")'),
    ("komunitas/meetings/forms.py", 'super().__init__(format="%H:%M", **kwargs)'),
    (
        "komunitas/notifications/forms.py",
        'widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),',
    ),
    (
        "komunitas/meetings/views/attendance.py",
        'timezone.localtime(attendance.checked_in_at, meeting.tz).strftime("%Y-%m-%d %H:%M")',
    ),
}


def test_times_are_written_with_a_dot_in_templates_and_code():
    found = []
    for path in sorted((ROOT / "komunitas").rglob("*")):
        if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
            continue
        name = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if CLOCK_WITH_COLON.search(line) and (name, line.strip()) not in COLON_ALLOWED:
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "Write times as 22.04 (H.i), see docs/i18n.md:\n" + "\n".join(found)


def test_no_template_counts_time_with_timesince():
    """timesince says "0 minutes" for under a minute: templates use elapsed or ago."""
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "komunitas").glob("*/templates/**/*.html"))
        if re.search(r"\|\s*(timesince|timeuntil)\b", path.read_text(encoding="utf-8"))
    ]
    assert not found, "Use {% load elapsed %} and |elapsed or |ago instead:\n" + "\n".join(found)


# --- A page's title is text -----------------------------------------------------------------------

TITLE_BLOCK = re.compile(r"\{%\s*block title\s*%\}(.*?)\{%\s*endblock", re.DOTALL)


def test_every_title_block_is_one_line_of_text():
    """The browser tab shows the title as text: markup pasted into it shows as markup."""
    found = []
    for path in sorted((ROOT / "komunitas").glob("*/templates/**/*.html")):
        for match in TITLE_BLOCK.finditer(path.read_text(encoding="utf-8")):
            title = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "", match.group(1), flags=re.DOTALL)
            if "<" in title or "\n" in match.group(1):
                found.append(f"{path.relative_to(ROOT)}: {match.group(1)[:80]!r}")
    assert not found, "Title blocks with markup or more than one line:\n" + "\n".join(found)


def test_the_learning_page_of_a_community_has_a_plain_title(client, fasilitator):
    from tests.factories import make_community

    community = make_community(fasilitator)
    client.force_login(fasilitator)
    html = client.get(f"/belajar/k/{community.slug}/").content.decode()
    title = html[html.index("<title>") + len("<title>") : html.index("</title>")]
    assert "<" not in title and "\n" not in title and community.name in title


# --- The operator pages (Django admin) name the project's models in Indonesian -----------------


def _indonesian_msgids() -> set[str]:
    return {entry.msgid for _app, entry in _entries() if _translation(entry)}


def _untranslated(text, msgids) -> bool:
    """A name is translated when it is a lazy translation whose English the catalogues hold;
    the languages' own names on the language choice are the same in every language."""
    from django.conf import settings
    from django.utils.functional import Promise
    from django.utils.translation import override

    if not isinstance(text, Promise):
        return text not in dict(settings.LANGUAGES).values()
    with override("en"):
        english = str(text)
    with override("id"):
        indonesian = str(text)
    return english == indonesian and english not in msgids


def test_every_model_and_field_has_a_translated_verbose_name():
    from django.apps import apps

    msgids = _indonesian_msgids()
    found = []
    models = [m for m in apps.get_models() if m.__module__.startswith("komunitas.")]
    assert len(models) > 50
    for model in models:
        options = model._meta
        for name in ("verbose_name", "verbose_name_plural"):
            if name not in options.original_attrs or _untranslated(getattr(options, name), msgids):
                found.append(f"{model.__name__}.Meta.{name}")
        for field in options.local_fields + options.local_many_to_many:
            if not field.auto_created and _untranslated(field.verbose_name, msgids):
                found.append(f"{model.__name__}.{field.name}: {field.verbose_name!r}")
            for _value, label in field.flatchoices if field.choices else []:
                if _untranslated(label, msgids):
                    found.append(f"{model.__name__}.{field.name} choice {label!r}")
    assert not found, "Name these in English with gettext_lazy and translate them:\n" + "\n".join(
        found
    )


def test_the_operator_pages_speak_indonesian(client, db):
    from django.contrib import admin
    from django.urls import reverse

    from komunitas.communities.models import JoinRequest
    from tests.factories import make_community, make_user

    root = make_user("root@contoh.test", full_name="Operator", is_staff=True, is_superuser=True)
    JoinRequest.objects.create(community=make_community(), user=root)
    client.force_login(root)

    msgids = _indonesian_msgids()
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.actions or []:
            function = action if callable(action) else getattr(model_admin, action)
            description = getattr(function, "short_description", None)
            assert description and not _untranslated(description, msgids), (model, action)
        for column in model_admin.list_display:
            function = getattr(model_admin, column, None) if isinstance(column, str) else column
            if callable(function) and column != "__str__":
                description = getattr(function, "short_description", None)
                assert description and not _untranslated(description, msgids), (model, column)
    html = client.get(reverse("admin:communities_joinrequest_changelist")).content.decode()
    assert "Diputuskan pada" in html and "Decided at" not in html
