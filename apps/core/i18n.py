"""Message catalogs compiled in pure Python (polib), so neither the install, CI nor the
running service needs GNU gettext: `manage.py compile_catalogs` writes each app's .mo next to
its .po, and a test keeps the committed .mo files equal to their sources."""

from pathlib import Path

import polib
from django.conf import settings

PO_GLOB = "apps/*/locale*/*/LC_MESSAGES/django.po"  # locale/ and backoffice's locale_vendor/


def catalog_paths() -> list[Path]:
    return sorted(Path(settings.BASE_DIR).glob(PO_GLOB))


def compile_catalog(po_path: Path) -> Path:
    """Write `django.mo` beside `po_path` (fuzzy and untranslated entries are left out,
    as msgfmt does); returns the .mo path."""
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path


def catalog_messages(po_or_mo: polib._BaseFile) -> dict:
    """{(context, msgid, plural): translations} of the translated, non-fuzzy entries."""
    messages = {}
    for entry in po_or_mo:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        value = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural else entry.msgstr
        if not (all(value) if entry.msgid_plural else value):
            continue
        messages[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = value
    return messages
