"""The Finnish catalogue is complete and no other app's catalogue overrides it."""

from __future__ import annotations

import gettext
from pathlib import Path

from django.utils import translation

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "fi" / "LC_MESSAGES"


def test_every_message_is_translated_and_wins_over_other_apps():
    with (CATALOGUE / "django.mo").open("rb") as handle:
        ours = gettext.GNUTranslations(handle)
    shadowed = {}
    with translation.override("fi"):
        for msgid, msgstr in ours._catalog.items():  # type: ignore[attr-defined]
            if not msgid or isinstance(msgid, tuple):
                continue  # the header, plural forms
            assert msgstr, msgid
            if "\x04" in msgid:
                got = translation.pgettext(*msgid.split("\x04", 1))
            else:
                got = translation.gettext(msgid)
            if got != msgstr:
                shadowed[msgid] = got
    assert shadowed == {}, "give these a context (pgettext) so the form's wording is used"
