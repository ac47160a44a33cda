"""The words the public form uses for the rights: plain language, the article in brackets.

Staff pages use the request register's own labels; customers get these.
"""

from __future__ import annotations

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rekisteri.dsr.models import ObjectionScope, RequestKind

#: The choices of the form, in this order: (title, one-line explanation).
KINDS: Final[dict[str, tuple[Promise, Promise]]] = {
    RequestKind.ACCESS: (
        _("See my data"),
        _(
            "Tell me what data you hold about me, why, and for how long, and give me a copy "
            "(GDPR Art. 15)."
        ),
    ),
    RequestKind.PORTABILITY: (
        _("Get my data in a file"),
        _(
            "Give me the data I gave you in a machine-readable file that I can take "
            "elsewhere (GDPR Art. 20)."
        ),
    ),
    RequestKind.RECTIFICATION: (
        _("Correct my data"),
        _(
            "Correct wrong data about me or complete what is missing (GDPR Art. 16). Tell us "
            "below what is wrong and what is right."
        ),
    ),
    RequestKind.ERASURE: (
        _("Erase my data"),
        _(
            "Delete my data (GDPR Art. 17). Data the law obliges us to keep, such as "
            "accounting records, is kept until its period ends and is not used for anything "
            "else."
        ),
    ),
    RequestKind.RESTRICTION: (
        _("Restrict the use of my data"),
        _(
            "Keep my data but do not use it, for example while its accuracy is checked "
            "(GDPR Art. 18)."
        ),
    ),
    RequestKind.OBJECTION: (
        _("Object to the use of my data"),
        _(
            "Stop using my data for direct marketing, or for processing based on your "
            "legitimate interests (GDPR Art. 21). Choose which below."
        ),
    ),
}

SCOPES: Final[dict[str, Promise]] = {
    ObjectionScope.DIRECT_MARKETING: _(
        "Direct marketing, such as newsletters and offers: it stops always"
    ),
    ObjectionScope.LEGITIMATE_INTEREST: _(
        "Other processing based on your legitimate interests: tell us below why, in your situation"
    ),
}


def kind_title(kind: str) -> Promise:
    """Return the form's title of a request type, translated when rendered."""
    entry = KINDS.get(kind)
    return entry[0] if entry else RequestKind(kind).label
