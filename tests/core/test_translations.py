"""The Czech catalogue stays complete: every entry translated (no fuzzy ones), placeholders kept,
every string marked in the code present in the committed catalogue, and Czech pages really in Czech.

After marking a new string for translation, update the catalogue (docs/architecture.md,
"Translations") with ``python manage.py makemessages -l cs --no-location --ignore=.venv --ignore=portal/sandbox
--ignore=tests`` and translate the new entries in ``locale/cs/LC_MESSAGES/django.po``.
"""

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

REPO = Path(settings.BASE_DIR)
CATALOGUE = REPO / "locale" / "cs" / "LC_MESSAGES" / "django.po"
CZECH_PLURALS = 4

# %(name)s and friends (python-format), %s, and {name} / {{ name }} (brace variables).
PYTHON_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"\{\{?\s*([A-Za-z_][\w.]*)\s*(?:\|[^}]*)?\}\}?")

# Not part of the catalogue: the code the portal is made of, by makemessages' own rules.
NOT_SCANNED = {".venv", ".git", "var", "tests", "static", "staticfiles", "locale", "node_modules",
               ".pytest_cache", "test-artifacts"}


def load(path: Path = CATALOGUE):
    with open(path, "rb") as handle:
        return read_po(handle, locale="cs")


def key(message) -> tuple[str | None, str]:
    return message.context, message.id[0] if message.pluralizable else message.id


def entries(catalog):
    return [message for message in catalog if message.id]


def placeholders(text: str, python_format: bool) -> set[str]:
    found = {match.group(0) for match in BRACE_PLACEHOLDER.finditer(text)}
    if python_format:
        found |= {match.group(0) for match in PYTHON_PLACEHOLDER.finditer(text) if match.group(0) != "%%"}
    return found


def test_catalogue_declares_the_czech_plural_forms():
    catalog = load()
    assert catalog.num_plurals == CZECH_PLURALS
    assert not catalog.fuzzy, "the catalogue's header is marked fuzzy"


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalog = load()
    assert entries(catalog), "the Czech catalogue is empty"
    problems = []
    for message in entries(catalog):
        label = f"{message.context + ' | ' if message.context else ''}{message.id!r}"
        if message.fuzzy:
            problems.append(f"fuzzy: {label}")
        if message.pluralizable:
            forms = list(message.string)
            if len(forms) != CZECH_PLURALS or not all(form.strip() for form in forms):
                problems.append(f"plural forms missing ({len([f for f in forms if f.strip()])} of "
                                f"{CZECH_PLURALS}): {label}")
        elif not message.string.strip():
            problems.append(f"untranslated: {label}")
    assert not problems, "\n".join(problems)


def test_translations_keep_the_placeholders_of_their_source():
    problems = []
    for message in entries(load()):
        python_format = "python-format" in message.flags
        if message.pluralizable:
            singular, plural = (placeholders(text, python_format) for text in message.id)
            allowed = [singular, plural]
            forms = list(message.string)
        else:
            allowed = [placeholders(message.id, python_format)]
            forms = [message.string]
        for number, form in enumerate(forms):
            if not form:
                continue  # reported by the test above
            found = placeholders(form, python_format)
            if found not in allowed:
                problems.append(f"{message.id!r} form {number}: {sorted(found)} instead of "
                                f"{' or '.join(str(sorted(a)) for a in allowed)}")
            if python_format and "%" in PYTHON_PLACEHOLDER.sub("", form):
                problems.append(f"{message.id!r} form {number}: a lone % (write %%)")
    assert not problems, "\n".join(problems)


def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages on a copy of the code, merged into a copy of the catalogue: any entry that is
    not in the committed catalogue is a newly marked string nobody has translated yet."""
    tools = ["xgettext", "msguniq", "msgmerge", "msgattrib"]
    missing_tools = [tool for tool in tools if not shutil.which(tool)]
    if missing_tools:
        pytest.skip(f"GNU gettext is not installed ({', '.join(missing_tools)} missing): cannot run makemessages")

    source = tmp_path / "src"

    def skipped(directory, names):
        here = Path(directory)
        return {name for name in names if name in {"__pycache__"} or name.endswith(".pyc")
                or (here == REPO and (name in NOT_SCANNED or name.startswith(".")))
                or (here == REPO / "portal" and name == "sandbox")}

    shutil.copytree(REPO, source, ignore=skipped)
    shutil.copytree(REPO / "locale", source / "locale", ignore=shutil.ignore_patterns("*.mo"))
    before = CATALOGUE.read_bytes()

    # A settings module whose only locale directory is the copy, so nothing is written into the repo.
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    (settings_dir / "translation_check_settings.py").write_text(
        f"from {os.environ.get('DJANGO_SETTINGS_MODULE', 'tests.settings')} import *  # noqa\n"
        f"LOCALE_PATHS = [{str(source / 'locale')!r}]\n")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "translation_check_settings",
                   "PYTHONPATH": os.pathsep.join([str(REPO), str(settings_dir), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "makemessages", "-l", "cs", "--no-location"],
        cwd=source, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert CATALOGUE.read_bytes() == before, "makemessages must not touch the committed catalogue"

    committed = {key(message) for message in entries(load())}
    extracted = entries(load(source / "locale" / "cs" / "LC_MESSAGES" / "django.po"))
    new = sorted(f"{context + ' | ' if context else ''}{msgid!r}"
                 for context, msgid in map(key, extracted) if (context, msgid) not in committed)
    assert not new, ("strings marked for translation but missing from locale/cs/LC_MESSAGES/django.po "
                     "(run makemessages and translate them):\n" + "\n".join(new))
    assert len(extracted) >= len(committed) * 0.5, "makemessages found suspiciously few strings"


def test_the_czech_login_page_is_in_czech(client, db):
    with translation.override("cs"):
        login_url = reverse("accounts:login")
    assert login_url.startswith("/cs/")
    response = client.get(login_url)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="cs">' in body
    assert "Přihlásit se" in body and "Heslo" in body
    assert "Log in" not in body and "Password" not in body


# Text that is the same in both languages (or CareCloud data) is fine; anything else that reads
# like one of the catalogue's English strings on a Czech page is a string that escaped translation.
VISIBLE_TEXT = re.compile(r">([^<>]+)<|\b(?:aria-label|title|alt|placeholder)=\"([^\"]+)\"")


def english_strings() -> set[str]:
    english = set()
    for message in entries(load()):
        sources = message.id if message.pluralizable else (message.id,)
        translated = set(message.string) if message.pluralizable else {message.string}
        for source in sources:
            if "%" not in source and source not in translated:
                english.add(source)
    return english


@pytest.mark.parametrize("name", ["overview:dashboard", "profile:profile", "cards:card-list",
                                  "rewards:voucher-list", "points:points", "rewards:reward-list"])
def test_czech_pages_show_no_english_interface_text(customer_client, name):
    with translation.override("cs"):
        page = reverse(name)
    response = customer_client.get(page)
    assert response.status_code == 200
    english = english_strings()
    shown = {unescape(" ".join(match.strip().split()))
             for groups in VISIBLE_TEXT.findall(response.content.decode()) for match in groups if match.strip()}
    assert not sorted(shown & english), f"English text on {page}: {sorted(shown & english)}"
