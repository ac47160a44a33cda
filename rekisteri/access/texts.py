"""The fixed wording of the access letter, as English source strings.

The letter is assembled from the data map and the person's records; what
cannot be derived from them — how the rights read to a person, what the
redaction and portability notes say — is written here once and translated in
the app's Finnish catalogue. Sources: GDPR Art. 7(3), 12, 15–22 and 77;
Laki yksityisyyden suojasta työelämässä 759/2004 (YksTL) 5 §.
"""

from __future__ import annotations

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TITLE = _("Your personal data: a copy, and how we process it")

CONFIRMATION = _(
    "This letter gives you a copy of that data and tells you why and how we process it, as "
    "Article 15 of the General Data Protection Regulation (EU) 2016/679 (GDPR) entitles you to."
)

RESTRICTED = _(
    "The processing of your data is restricted (GDPR Art. 18): we only store it, and we will "
    "tell you before the restriction is lifted."
)

PROCESSING_INTRO = _(
    "For each kind of data we hold about you: why we process it and on what legal basis, "
    "to whom it has been disclosed, how long we keep it and where it came from "
    "(GDPR Art. 15(1)(a)–(d) and (g))."
)
NOT_DISCLOSED = _("No one: this data has not been disclosed to anyone outside our company.")
SOURCE_YOU = _("You")
PROPOSAL_NOTE = _("our own decision; no statute sets this period")

COPY_INTRO = _(
    "Below is every record we hold about you, register by register, with each piece of "
    "personal data in it. Dates are shown as they were recorded."
)
NO_VALUES = _("No personal data is filled in on this record.")

SECRETS_NOTE = _(
    "Passwords and other secrets are stored, not shown: for example your web-shop password is "
    "kept only as a one-way hash that no one can read, and passwords you give us for a "
    "service job are kept encrypted and deleted soon after the job is closed. Each such value "
    "is marked in the copy above."
)

HEALTH_TITLE = _("Occupational-health data")
HEALTH_NOTE = _(
    "Any occupational-health data we hold about you, such as sick-leave certificates, is kept "
    "in a separate store that only the persons named for the task may handle (GDPR Art. 9; "
    "YksTL 759/2004 5 §). It is therefore not in this letter: %(handlers)s will give it to "
    "you separately."
)
HEALTH_HANDLER_UNNAMED = _("the person named to handle health data")

RECIPIENTS_INTRO = _("We have disclosed your data to these recipients (GDPR Art. 15(1)(c)):")
RECIPIENTS_NONE = _("We have not disclosed your data to anyone outside our company.")
PROCESSORS_INTRO = _(
    "These service providers process data of the kinds we hold about you on our behalf and "
    "only on our instructions, under a contract that binds them to confidentiality and "
    "security (GDPR Art. 28):"
)

TRANSFERS_NONE = _(
    "None of your data is transferred outside the European Union or the European Economic Area."
)
TRANSFERS_SOME = _(
    "Some of your data is transferred outside the European Union or the European Economic "
    "Area, with these safeguards. You may ask us for a copy of the safeguards (GDPR Art. "
    "15(2), 46)."
)
SAFEGUARD_ASK = _("ask us for the safeguard")

REDACTIONS_NONE = _(
    "No information about other people had to be left out of this copy (GDPR Art. 15(4))."
)

PORTABLE_NOTE = _(
    "The data you have given us yourself, and that we process on your consent or under a "
    "contract, is also in the attached file bundle.zip in machine-readable form: one JSON "
    "file and one CSV file per kind of record, and a description of them in manifest.json. "
    "You may reuse it or ask us to send it directly to another controller where that is "
    "technically feasible (GDPR Art. 20)."
)
PORTABLE_NONE = _(
    "None of the data we hold about you is portable in the sense of GDPR Art. 20: it was not "
    "given by you under consent or a contract, or we keep it because the law requires it."
)

RIGHTS_INTRO = _("You have these rights. Using them is free of charge.")

RIGHTS: Final[tuple[tuple[Promise, Promise], ...]] = (
    (
        _("Rectification"),
        _(
            "You may have inaccurate data about you corrected and incomplete data completed "
            "(GDPR Art. 16). Issued accounting vouchers are not altered; a correction entry "
            "is made instead."
        ),
    ),
    (
        _("Erasure"),
        _(
            "You may have your data erased when it is no longer needed, when you withdraw your "
            "consent or object and there is no overriding ground, or when it was processed "
            "unlawfully (GDPR Art. 17). Data we must keep by law or for legal claims is "
            "restricted instead and erased when its period ends (Art. 17(3))."
        ),
    ),
    (
        _("Restriction of processing"),
        _(
            "You may have the processing of your data restricted while its accuracy or your "
            "objection is being checked, when processing is unlawful but you do not want "
            "erasure, or when you need the data for a legal claim (GDPR Art. 18)."
        ),
    ),
    (
        _("Objection"),
        _(
            "You may object at any time to processing based on our legitimate interests, on "
            "grounds relating to your particular situation, and without any reason to direct "
            "marketing; we then stop using your data for marketing at once (GDPR Art. 21)."
        ),
    ),
    (
        _("Data portability"),
        _(
            "You may get the data you have given us, processed on your consent or under a "
            "contract, in a structured, machine-readable format, or have it sent to another "
            "controller (GDPR Art. 20)."
        ),
    ),
    (
        _("Withdrawing consent"),
        _(
            "Where we process your data on your consent, you may withdraw it at any time, as "
            "easily as you gave it. Withdrawal does not affect the lawfulness of processing "
            "before it (GDPR Art. 7(3))."
        ),
    ),
    (
        _("Recipients"),
        _(
            "We tell every recipient of your data about a rectification, erasure or "
            "restriction, and tell you who they are if you ask (GDPR Art. 19)."
        ),
    ),
)

COMPLAINT_TITLE = _("Complaint to the supervisory authority")
AUTOMATED_TITLE = _("Automated decisions")

CLOSING = _("Kind regards,")

# Staff only: shown above the letter on the staff page, never in the letter.
REVIEW_NOTE = _(
    "Read the letter through before sending it. E-mail addresses, phone numbers, identity "
    "codes, bank account numbers and IP addresses of other people in notes are removed "
    "automatically; names and other details of other people are not, and must be checked "
    "by hand (GDPR Art. 15(4))."
)

README = _(
    "This bundle holds the personal data you have given %(controller)s, in machine-readable "
    "form (GDPR Art. 20).\n\n"
    "- manifest.json describes every file and field.\n"
    "- Each folder is one register; each kind of record is in one JSON file and one CSV file "
    "with the same content.\n"
    "- CSV files use UTF-8, commas and RFC 4180 quoting. A cell that would begin with = + - @ "
    "or a control character begins with an apostrophe (') so that a spreadsheet does not run "
    "it as a formula; the JSON files hold the values unchanged.\n"
    "- Other people's e-mail addresses, phone numbers and other identifiers in notes are "
    "replaced with %(placeholder)s.\n\n"
    "Made on %(date)s. Questions: %(email)s."
)
