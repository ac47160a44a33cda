"""The letters of a data-subject request, in Finnish and in English.

- The procedural letters of GDPR Art. 12 (legal.md §5): the acknowledgement,
  the identity-verification request (Art. 12(6)), the extension notice with its
  reasons (Art. 12(3), only once an extension is recorded — which the services
  allow only inside the first month), and the refusal with its reasons and the
  rights to complain and to seek a judicial remedy (Art. 12(4)–(5)).
- The confirmations of what was done: rectification (Art. 16, with the Art. 19
  recipients), restriction (Art. 18), the notice before a restriction is lifted
  (Art. 18(3)), and the outcome of an objection (Art. 21).

The access letter and the erasure confirmation belong to the access and erasure
apps. A letter is built once as blocks in the language asked for; the HTML page,
the PDF and the plain text (to paste into an e-mail) are renderings of it. Text
staff typed — reasons, notes — appears as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rekisteri.disclosures.queries import recipients_for_person
from rekisteri.dsr.models import (
    ObjectionDecision,
    RectificationEntry,
    RefusalGround,
    RequestKind,
    RequestState,
    Restriction,
    RestrictionGround,
    SubjectRequest,
)
from rekisteri.dsr.queries import confirmed_people
from rekisteri.notices.queries import get_controller_settings

LANGUAGES = ("fi", "en")

ACKNOWLEDGEMENT = "acknowledgement"
IDENTITY = "identity"
EXTENSION = "extension"
REFUSAL = "refusal"
RECTIFICATION = "rectification"
RESTRICTION = "restriction"
RESTRICTION_LIFT = "restriction-lift"
OBJECTION = "objection"

KINDS = (
    ACKNOWLEDGEMENT,
    IDENTITY,
    EXTENSION,
    REFUSAL,
    RECTIFICATION,
    RESTRICTION,
    RESTRICTION_LIFT,
    OBJECTION,
)


def kind_label(kind: str) -> str:
    """The staff-facing name of a letter, in the active language."""
    labels = {
        ACKNOWLEDGEMENT: _("Acknowledgement"),
        IDENTITY: _("Identity-verification request"),
        EXTENSION: _("Extension notice"),
        REFUSAL: _("Refusal"),
        RECTIFICATION: _("Rectification confirmation"),
        RESTRICTION: _("Restriction confirmation"),
        RESTRICTION_LIFT: _("Notice before lifting a restriction"),
        OBJECTION: _("Objection confirmation"),
    }
    return labels[kind]


@dataclass(frozen=True)
class Block:
    """A part of a letter: an optional heading, paragraphs, then bullet items."""

    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Letter:
    kind: str
    language: str
    title: str
    date: str
    sender: tuple[str, ...]
    addressee: tuple[str, ...]
    reference_line: str
    blocks: tuple[Block, ...]
    closing: tuple[str, ...] = field(default=())

    def as_text(self) -> str:
        """Return the letter as plain text, to paste into an e-mail or print."""
        lines = [*self.sender, "", self.date, "", *self.addressee, ""]
        lines += [self.title, "=" * len(self.title), "", self.reference_line, ""]
        for block in self.blocks:
            if block.heading:
                lines += [block.heading, "-" * len(block.heading)]
            for paragraph in block.paragraphs:
                lines += [paragraph, ""]
            if block.bullets:
                lines += [f"- {item}" for item in block.bullets]
                lines.append("")
        lines += list(self.closing)
        return "\n".join(lines).rstrip() + "\n"


def available_letters(request: SubjectRequest) -> list[str]:
    """Return the letters that apply to the request as it stands."""
    kinds = [ACKNOWLEDGEMENT]
    if request.is_open:
        kinds.append(IDENTITY)
    if request.is_extended:
        kinds.append(EXTENSION)
    if request.state == RequestState.REFUSED:
        kinds.append(REFUSAL)
    if request.rectifications.exists():
        kinds.append(RECTIFICATION)
    if request.restrictions.exists():
        kinds.append(RESTRICTION)
    if request.restrictions.filter(person_told_at__isnull=False).exists():
        kinds.append(RESTRICTION_LIFT)
    if request.kind == RequestKind.OBJECTION and request.objection_decision:
        kinds.append(OBJECTION)
    return kinds


class LetterUnavailable(LookupError):
    """The request has no such letter (yet): e.g. a refusal letter for an open request."""


def build_letter(request: SubjectRequest, kind: str, language: str, today: dt.date) -> Letter:
    """Build one letter of the request in ``language`` (``fi`` or ``en``)."""
    if language not in LANGUAGES or kind not in KINDS:
        raise LetterUnavailable(f"{kind}/{language}")
    if kind not in available_letters(request):
        raise LetterUnavailable(kind)
    with translation.override(language):
        return _BUILDERS[kind](request, today)


# --- Common parts ---------------------------------------------------------------------------------


def _date(value: dt.date) -> str:
    """A date as a letter writes it: "26. marraskuuta 2026" or "26 November 2026"."""
    if translation.get_language() == "en":
        return formats.date_format(value, "j F Y")
    return formats.date_format(value, "DATE_FORMAT")


def _sender() -> tuple[str, ...]:
    controller = get_controller_settings()
    return (
        controller.name,
        controller.street_address,
        f"{controller.postal_code} {controller.city}".strip(),
        controller.email,
    )


def _addressee(request: SubjectRequest) -> tuple[str, ...]:
    lines = [request.requester_name]
    if request.reply_address:
        lines += [line.strip() for line in request.reply_address.splitlines() if line.strip()]
    elif request.requester_email:
        lines.append(request.requester_email)
    return tuple(lines)


def _kind_name(request: SubjectRequest) -> str:
    """What the person sent, named as a letter names it ("your request for erasure")."""
    names = {
        RequestKind.ACCESS: _("request for access"),
        RequestKind.PORTABILITY: _("request to receive your data"),
        RequestKind.RECTIFICATION: _("request for rectification"),
        RequestKind.ERASURE: _("request for erasure"),
        RequestKind.RESTRICTION: _("request for restriction of processing"),
        RequestKind.OBJECTION: _("objection"),
    }
    return str(names[RequestKind(request.kind)])


def _reference_line(request: SubjectRequest) -> str:
    return _("Our reference %(reference)s: your %(kind)s of %(date)s") % {
        "date": _date(request.received_on),
        "kind": _kind_name(request),
        "reference": request.reference,
    }


def _ground_phrase(ground: str) -> str:
    """Why a restriction applies, said to the person (GDPR Art. 18(1)(a)–(d))."""
    phrases = {
        RestrictionGround.ACCURACY_CONTESTED: _(
            "you contest the accuracy of your data, for the time we need to check it (GDPR "
            "Art. 18(1)(a))"
        ),
        RestrictionGround.UNLAWFUL_NO_ERASURE: _(
            "the processing is unlawful and you asked for restriction instead of erasure (GDPR "
            "Art. 18(1)(b))"
        ),
        RestrictionGround.LEGAL_CLAIMS: _(
            "we no longer need the data, but you need it to establish, exercise or defend legal "
            "claims (GDPR Art. 18(1)(c))"
        ),
        RestrictionGround.OBJECTION_PENDING: _(
            "you have objected to the processing, and we are weighing whether our grounds "
            "override yours (GDPR Art. 18(1)(d))"
        ),
    }
    return str(phrases[RestrictionGround(ground)])


def _closing() -> tuple[str, ...]:
    controller = get_controller_settings()
    contact = _(
        "If you have questions about this letter, contact us at %(email)s or %(phone)s and "
        "quote our reference."
    ) % {"email": controller.email, "phone": controller.phone}
    return (contact, "", _("Kind regards,"), "", controller.contact_person, controller.name)


def _complaint() -> Block:
    return Block(
        heading=_("Your rights"),
        paragraphs=(
            _(
                "If you consider that we process your personal data unlawfully, you have the "
                "right to lodge a complaint with the Data Protection Ombudsman "
                "(Tietosuojavaltuutetun toimisto, www.tietosuoja.fi) or with the supervisory "
                "authority of the EU member state where you live or work (GDPR Art. 77). You "
                "also have the right to an effective judicial remedy against us in a court "
                "(GDPR Art. 79)."
            ),
        ),
    )


def _letter(
    request: SubjectRequest, kind: str, title: str, today: dt.date, *blocks: Block
) -> Letter:
    return Letter(
        kind=kind,
        language=translation.get_language() or "fi",
        title=title,
        date=_date(today),
        sender=_sender(),
        addressee=_addressee(request),
        reference_line=_reference_line(request),
        blocks=tuple(blocks),
        closing=_closing(),
    )


def _channel_phrase(request: SubjectRequest) -> str:
    phrases = {
        "in_shop": _("in our shop"),
        "email": _("by e-mail"),
        "letter": _("by letter"),
        "phone": _("by phone"),
        "web": _("through our website"),
    }
    return phrases.get(request.channel, "")


def _what_asked(request: SubjectRequest) -> str:
    if request.kind == RequestKind.OBJECTION and request.is_marketing_objection:
        return _("you object to direct marketing")
    texts = {
        RequestKind.ACCESS: _("you asked for access to your personal data"),
        RequestKind.PORTABILITY: _("you asked for your personal data in a machine-readable form"),
        RequestKind.RECTIFICATION: _("you asked us to correct your personal data"),
        RequestKind.ERASURE: _("you asked us to erase your personal data"),
        RequestKind.RESTRICTION: _("you asked us to restrict the processing of your personal data"),
        RequestKind.OBJECTION: _(
            "you object to the processing of your personal data based on our legitimate interests"
        ),
    }
    return str(texts[RequestKind(request.kind)])


def _recipients_block(request: SubjectRequest, change: str) -> Block:
    """The Art. 19 paragraph: who was told of the change (from the disclosure log)."""
    names: list[str] = []
    for person in confirmed_people(request):
        for item in recipients_for_person(person):
            if item.recipient.name not in names:
                names.append(item.recipient.name)
    if not names:
        return Block(
            paragraphs=(
                _(
                    "Your data has not been disclosed to anyone outside our company, so no "
                    "one else needs to be told of the %(change)s (GDPR Art. 19)."
                )
                % {"change": change},
            )
        )
    return Block(
        paragraphs=(
            _(
                "We inform everyone to whom your data was disclosed of the %(change)s (GDPR "
                "Art. 19). They are:"
            )
            % {"change": change},
        ),
        bullets=tuple(names),
    )


# --- The letters ------------------------------------------------------------


def _acknowledgement(request: SubjectRequest, today: dt.date) -> Letter:
    return _letter(
        request,
        ACKNOWLEDGEMENT,
        _("We have received your request"),
        today,
        Block(
            paragraphs=(
                _("We received your request %(channel)s on %(date)s: %(what)s.")
                % {
                    "channel": _channel_phrase(request),
                    "date": _date(request.received_on),
                    "what": _what_asked(request),
                },
                _(
                    "We will answer without undue delay and at the latest by %(due)s. If the "
                    "request is complex, or we receive many requests, we may extend this by at "
                    "most two further months; we would tell you so, with the reasons, before "
                    "that date (GDPR Art. 12(3))."
                )
                % {"due": _date(request.first_due_on)},
                _("Handling your request is free of charge."),
            )
        ),
        Block(
            heading=_("Confirming who you are"),
            paragraphs=(
                _(
                    "We give your data only to you. We confirm who you are with what we already "
                    "hold, such as the e-mail address or phone number you have given us, or an "
                    "order number. We do not ask for a copy of an identity document or for your "
                    "personal identity code. If we need more, we will ask you (GDPR Art. 12(6))."
                ),
            ),
        ),
    )


def _identity(request: SubjectRequest, today: dt.date) -> Letter:
    controller = get_controller_settings()
    shop = f"{controller.street_address}, {controller.postal_code} {controller.city}"
    return _letter(
        request,
        IDENTITY,
        _("We need to confirm who you are"),
        today,
        Block(
            paragraphs=(
                _(
                    "To make sure that we give your data only to you, we need to confirm that "
                    "the request of %(date)s comes from you (GDPR Art. 12(6)). Please do one of "
                    "the following:"
                )
                % {"date": _date(request.received_on)},
            ),
            bullets=(
                _(
                    "reply from the e-mail address you have given us, or call us from the phone "
                    "number you have given us;"
                ),
                _(
                    "tell us the number of one of your orders, or your customer number, together "
                    "with the e-mail address or phone number you gave us with it;"
                ),
                _(
                    "visit our shop at %(address)s and show an identity document. We only look "
                    "at it: we do not copy it or write down its number."
                )
                % {"address": shop},
            ),
        ),
        Block(
            paragraphs=(
                _(
                    "We do not need your personal identity code. Please do not send us a copy of "
                    "an identity document."
                ),
                _("We will answer your request by %(due)s at the latest.")
                % {"due": _date(request.due_on)},
            )
        ),
    )


def _extension(request: SubjectRequest, today: dt.date) -> Letter:
    decided = timezone.localdate(request.extended_at) if request.extended_at else today
    return _letter(
        request,
        EXTENSION,
        _("We need more time to answer your request"),
        today,
        Block(
            paragraphs=(
                _(
                    "We received your request on %(received)s. The answer would have been due by "
                    "%(first_due)s. The law allows us to extend this by at most two further months "
                    "where necessary, taking into account the complexity and the number of "
                    "requests (GDPR Art. 12(3))."
                )
                % {
                    "received": _date(request.received_on),
                    "first_due": _date(request.first_due_on),
                },
                _(
                    "We decided on %(decided)s to extend the time. We will answer by %(due)s "
                    "at the latest."
                )
                % {"decided": _date(decided), "due": _date(request.due_on)},
            )
        ),
        Block(heading=_("Reasons for the extension"), paragraphs=(request.extension_reason,)),
        _complaint(),
    )


def _refusal(request: SubjectRequest, today: dt.date) -> Letter:
    ground = RefusalGround(request.refusal_ground) if request.refusal_ground else None
    paragraphs = [
        _("We received your request on %(received)s: %(what)s. We have decided not to act on it.")
        % {"received": _date(request.received_on), "what": _what_asked(request)},
    ]
    if ground is not None:
        paragraphs.append(_("Ground: %(ground)s.") % {"ground": ground.label})
    if ground in (RefusalGround.MANIFESTLY_UNFOUNDED, RefusalGround.EXCESSIVE):
        paragraphs.append(
            _(
                "The law allows us to refuse a request that is manifestly unfounded or excessive, "
                "in particular because it repeats earlier requests; it is for us to show that it "
                "is (GDPR Art. 12(5))."
            )
        )
    if ground is RefusalGround.IDENTITY_NOT_VERIFIED:
        paragraphs.append(
            _(
                "You may make a new request at any time; we will act on it once we can confirm "
                "who you are (GDPR Art. 12(2) and 12(6))."
            )
        )
    return _letter(
        request,
        REFUSAL,
        _("Answer to your request"),
        today,
        Block(paragraphs=tuple(paragraphs)),
        Block(heading=_("Our reasons"), paragraphs=(request.refusal_reasons,)),
        _complaint(),
    )


def _field_label(entry: RectificationEntry) -> tuple[str, str]:
    try:
        model = apps.get_model(entry.model_label)
    except (LookupError, ValueError):
        return entry.model_label, entry.field_name
    try:
        label = str(model._meta.get_field(entry.field_name).verbose_name)
    except Exception:
        label = entry.field_name
    return str(model._meta.verbose_name), label


def _rectification(request: SubjectRequest, today: dt.date) -> Letter:
    applied: list[str] = []
    noted: list[str] = []
    for entry in request.rectifications.order_by("made_at", "id"):
        record, label = _field_label(entry)
        line = _("%(record)s %(reference)s, %(field)s: “%(old)s” → “%(new)s”") % {
            "record": record.capitalize(),
            "reference": entry.record_ref,
            "field": label,
            "old": entry.old_value or "—",
            "new": entry.new_value or "—",
        }
        (applied if entry.is_applied else noted).append(line)
    blocks: list[Block] = []
    if applied:
        blocks.append(
            Block(
                paragraphs=(
                    _("At your request we have corrected the following data (GDPR Art. 16):"),
                ),
                bullets=tuple(applied),
            )
        )
    if noted:
        blocks.append(
            Block(
                heading=_("Accounting vouchers"),
                paragraphs=(
                    _(
                        "The following data is in accounting vouchers, which the Accounting Act "
                        "requires us to keep as they were issued (Kirjanpitolaki 1336/1997, "
                        "chapter 2, section 10). We have not edited them; our accounting corrects "
                        "them with a correction entry:"
                    ),
                ),
                bullets=tuple(noted),
            )
        )
    if applied:
        blocks.append(_recipients_block(request, pgettext("letter", "correction")))
    return _letter(
        request,
        RECTIFICATION,
        _("Your data has been corrected"),
        today,
        *blocks,
        _complaint(),
    )


def _restriction_rows(request: SubjectRequest) -> list[Restriction]:
    return list(request.restrictions.order_by("started_at", "id"))


def _restriction(request: SubjectRequest, today: dt.date) -> Letter:
    rows = _restriction_rows(request)
    first = rows[0]
    return _letter(
        request,
        RESTRICTION,
        _("Processing of your data has been restricted"),
        today,
        Block(
            paragraphs=(
                _(
                    "At your request we have restricted the processing of your personal data "
                    "from %(date)s."
                )
                % {"date": _date(timezone.localdate(first.started_at))},
                _("The restriction applies because %(ground)s.")
                % {"ground": _ground_phrase(first.ground)},
                _(
                    "While the restriction lasts we only store your data. We use it otherwise only "
                    "with your consent, to establish, exercise or defend legal claims, to protect "
                    "the rights of another person, or for reasons of important public interest "
                    "(GDPR Art. 18(2))."
                ),
                _("We will tell you before the restriction is lifted (GDPR Art. 18(3))."),
            )
        ),
        _recipients_block(request, pgettext("letter", "restriction")),
        _complaint(),
    )


def _restriction_lift(request: SubjectRequest, today: dt.date) -> Letter:
    rows = _restriction_rows(request)
    told = [r for r in rows if r.person_told_at is not None]
    restriction = next((r for r in told if r.is_active), told[-1])
    paragraphs = [
        _(
            "The processing of your personal data has been restricted since %(date)s, because "
            "%(ground)s. We are telling you before the restriction is lifted, as GDPR Art. 18(3) "
            "requires."
        )
        % {
            "date": _date(timezone.localdate(restriction.started_at)),
            "ground": _ground_phrase(restriction.ground),
        },
    ]
    if restriction.lift_reason:
        paragraphs.append(
            _("The restriction ends because: %(reason)s") % {"reason": restriction.lift_reason}
        )
    paragraphs.append(
        _(
            "After that we may again process your data for the purposes described in our privacy "
            "notice. If you disagree, please contact us."
        )
    )
    return _letter(
        request,
        RESTRICTION_LIFT,
        _("The restriction of processing will be lifted"),
        today,
        Block(paragraphs=tuple(paragraphs)),
        _complaint(),
    )


def _objection(request: SubjectRequest, today: dt.date) -> Letter:
    if request.is_marketing_objection:
        return _letter(
            request,
            OBJECTION,
            _("We have stopped direct marketing to you"),
            today,
            Block(
                paragraphs=(
                    _(
                        "We received your objection to direct marketing on %(date)s. We have "
                        "stopped all direct marketing to you, as GDPR Art. 21(3) requires."
                    )
                    % {"date": _date(request.received_on)},
                    _(
                        "Your e-mail addresses and phone numbers are on our suppression list, "
                        "stored in a form that cannot be read back, and every marketing list is "
                        "checked against it before it is sent."
                    ),
                    _(
                        "We will still contact you about your own orders and service jobs, which "
                        "is not marketing."
                    ),
                )
            ),
            _complaint(),
        )
    decision = ObjectionDecision(request.objection_decision)
    if decision is ObjectionDecision.UPHELD:
        outcome = _(
            "We have accepted your objection: we stop the processing you objected to (GDPR "
            "Art. 21(1))."
        )
    else:
        because = (
            _(
                "we have compelling legitimate grounds for the processing which override your "
                "interests, rights and freedoms"
            )
            if decision is ObjectionDecision.COMPELLING_GROUNDS
            else _("the data is needed to establish, exercise or defend legal claims")
        )
        outcome = _(
            "We have not accepted your objection, because %(because)s. GDPR Art. 21(1) allows us "
            "to continue the processing only on these grounds."
        ) % {"because": because}
    return _letter(
        request,
        OBJECTION,
        _("The outcome of your objection"),
        today,
        Block(
            paragraphs=(
                _("We received your objection on %(date)s: %(what)s.")
                % {"date": _date(request.received_on), "what": _what_asked(request)},
                outcome,
            )
        ),
        Block(heading=_("Our reasons"), paragraphs=(request.objection_reasons,)),
        _complaint(),
    )


_BUILDERS = {
    ACKNOWLEDGEMENT: _acknowledgement,
    IDENTITY: _identity,
    EXTENSION: _extension,
    REFUSAL: _refusal,
    RECTIFICATION: _rectification,
    RESTRICTION: _restriction,
    RESTRICTION_LIFT: _restriction_lift,
    OBJECTION: _objection,
}


def letters_for(request: SubjectRequest) -> Iterable[tuple[str, str]]:
    """(kind, staff-facing label) of each letter the request has now."""
    return [(kind, kind_label(kind)) for kind in available_letters(request)]
