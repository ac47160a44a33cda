"""The fixed wording of the privacy notices, in English source strings.

The notices are assembled from the data map; what cannot be derived from it —
how the law's requirements read to a person, what a legitimate interest is, what
happens if data is not given — is written here once, translated in the app's
Finnish catalogue. Placeholders are filled by :mod:`rekisteri.notices.documents`.
Sources: GDPR Art. 7, 12–22 and 77; Tietosuojalaki 1050/2018; Laki yksityisyyden
suojasta työelämässä 759/2004 (YksTL); Laki sähköisen viestinnän palveluista
917/2014 205 §; legal.md §0–§5.
"""

from __future__ import annotations

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rekisteri.notices.models import Audience
from rekisteri.privacy.vocabulary import Basis, Purpose, RecipientType

TITLES: Final[dict[Audience, Promise]] = {
    Audience.CUSTOMERS: _("Privacy notice for customers and web-shop users"),
    Audience.APPLICANTS: _("Privacy notice for job and internship applicants"),
    Audience.STAFF: _("Privacy notice for staff"),
}

INTROS: Final[dict[Audience, Promise]] = {
    Audience.CUSTOMERS: _(
        "This notice tells how %(controller)s collects, uses, keeps, discloses and erases the "
        "personal data of its customers, web-shop users and the contact persons of business "
        "customers, and what rights you have. It is given under Articles 13 and 14 of the "
        "General Data Protection Regulation (EU) 2016/679 (GDPR)."
    ),
    Audience.APPLICANTS: _(
        "This notice tells how %(controller)s processes the personal data of people who apply "
        "for a job or an internship with us or leave an open application, and what rights you "
        "have. It is given under Articles 13 and 14 of the General Data Protection Regulation "
        "(EU) 2016/679 (GDPR) and the Act on the Protection of Privacy in Working Life "
        "(Laki yksityisyyden suojasta työelämässä 759/2004)."
    ),
    Audience.STAFF: _(
        "This notice tells how %(controller)s processes the personal data of its employees, "
        "and what rights you have. It is given under Articles 13 and 14 of the General Data "
        "Protection Regulation (EU) 2016/679 (GDPR), the Data Protection Act (Tietosuojalaki "
        "1050/2018) and the Act on the Protection of Privacy in Working Life (Laki "
        "yksityisyyden suojasta työelämässä 759/2004)."
    ),
}

COLLECTION: Final[dict[Audience, tuple[Promise, ...]]] = {
    Audience.CUSTOMERS: (
        _(
            "We collect personal data mainly from you, or from a third party you have "
            "authorised: in person in our shop, by phone, by e-mail and through our websites."
        ),
        _(
            "We collect only what selling, delivering, invoicing, installing, servicing and "
            "training need, and marketing if you allow it; we do not collect data our business "
            "does not need (GDPR Art. 5(1)(c))."
        ),
        _(
            "If you are the contact person of a business customer, the company you represent "
            "usually gives us your name and contact details."
        ),
    ),
    Audience.APPLICANTS: (
        _(
            "We collect data from you: your application, your CV and what you tell us in "
            "interviews. We collect data about you from anyone else, such as referees, only "
            "with your consent (YksTL 4 §)."
        ),
    ),
    Audience.STAFF: (
        _(
            "We collect data mainly from you. Your tax card comes from the Tax Administration, "
            "and the occupational-health provider gives us only its conclusions on your "
            "fitness for work. We collect data about you from anyone else only with your "
            "consent (YksTL 4 §)."
        ),
        _(
            "We process only data that is directly necessary for your employment; this cannot "
            "be waived even with your consent (YksTL 3 §)."
        ),
    ),
}

WEBSITES = _("Our websites: %(websites)s.")

DPO_NONE = _(
    "%(controller)s has not appointed a data protection officer: its processing does not "
    "require one (GDPR Art. 37(1)). In every data-protection matter, please contact "
    "%(contact)s, using the contact details above."
)
DPO_GIVEN = _("Data protection officer: %(dpo)s")

REGISTERS_INTRO = _("We keep the data in these registers:")

REGISTER_DESCRIPTIONS: Final[dict[str, Promise]] = {
    "subjects": _("the person index, which links each person's records across the registers"),
    "customers": _("the customer register: names, contact details and addresses of customers"),
    "sales": _(
        "the accounting program, where every sale and paid service transaction is recorded "
        "(invoices and receipts)"
    ),
    "webshop": _(
        "the web-shop register: orders made in our web shop with their IP address, web-shop "
        "accounts and cookie choices"
    ),
    "service": _(
        "the service database, where service and installation jobs are recorded with the "
        "device credentials a job needs"
    ),
    "consent": _("the consent register: marketing permissions, objections and cookie choices"),
    "recruiting": _("the recruitment register: applications, CVs and decisions"),
    "staff": _(
        "the personnel register: employment, payroll and tax data, and a separate store of "
        "occupational-health data"
    ),
    "disclosures": _("the disclosure log: which of your data was given to whom, when and why"),
    "dsr": _("the request register: your requests to use your rights and our answers"),
    "erasure": _(
        "erasure plans and legal holds: what was erased at your request, and what the law "
        "requires us to keep and until when"
    ),
    "breaches": _("the breach register: data-security breaches and what was done about them"),
}

#: The legitimate interest a purpose rests on when its basis is GDPR Art. 6(1)(f).
LEGITIMATE_INTERESTS: Final[dict[Purpose, Promise]] = {
    Purpose.SALES: _("doing business with business customers through their contact persons"),
    Purpose.INVOICING: _("collecting payments and pursuing unpaid invoices"),
    Purpose.ACCOUNTING: _("keeping complete and reliable books"),
    Purpose.SERVICE: _(
        "carrying out service work for business customers through their contact persons"
    ),
    Purpose.WEBSHOP: _("keeping the web shop working and secure"),
    Purpose.SECURITY: _(
        "preventing and investigating fraud, chargebacks and misuse of the web shop and our systems"
    ),
    Purpose.CUSTOMER_RELATIONSHIP: _("keeping in touch with our business customers"),
    Purpose.MARKETING: _(
        "marketing our own products of the same kind to existing customers (Laki sähköisen "
        "viestinnän palveluista 917/2014 200 §); other electronic marketing to consumers is "
        "sent only with consent"
    ),
    Purpose.TRAINING: _("training customers in the use of the products they bought"),
    Purpose.RECRUITMENT: _("assessing applicants fairly and documenting the recruitment"),
    Purpose.EMPLOYMENT: _("organising the work and the workplace"),
    Purpose.PAYROLL: _("paying salaries correctly"),
    Purpose.OCCUPATIONAL_HEALTH: _("arranging occupational health care"),
    Purpose.LEGAL_CLAIMS: _(
        "keeping data after a purchase, a service job, a recruitment or an employment has "
        "ended, to establish, exercise or defend legal claims within their limitation periods"
    ),
    Purpose.CONSENT_PROOF: _("being able to show what you chose and when"),
    Purpose.ACCOUNTABILITY: _(
        "being able to show that we handle personal data lawfully: who received what, when "
        "and why, and what was deleted"
    ),
    Purpose.BREACH_HANDLING: _(
        "handling data-security breaches and contacting the people who deal with them"
    ),
}

#: Whether the data is required, and what follows if it is not given (GDPR Art. 13(2)(e)).
REQUIREMENTS: Final[dict[Basis, Promise]] = {
    Basis.CONTRACT: _(
        "Data needed for a purchase, a delivery, a web-shop account or a service job is a "
        "requirement of the contract: without it we cannot sell, deliver, invoice or do the "
        "work."
    ),
    Basis.LEGAL_OBLIGATION: _(
        "Some data is a statutory requirement: without it we cannot meet the obligation the "
        "law puts on us, and cannot do what depends on it."
    ),
    Basis.CONSENT: _(
        "Giving consent is voluntary. If you do not consent, or withdraw it, we simply do not "
        "process your data for that purpose; nothing else you do with us is affected."
    ),
    Basis.LEGITIMATE_INTEREST: _(
        "You are not obliged to give this data. Some of it, such as the IP address of a "
        "web-shop order, is recorded automatically when you use our services; you may object "
        "to its processing (see “Your right to object”)."
    ),
    Basis.EMPLOYMENT_LAW: _(
        "Giving health data is voluntary and happens only by you or with your written consent "
        "(YksTL 5 §), but without a sick-leave certificate we cannot pay sick pay or treat the "
        "absence as justified."
    ),
}

REQUIREMENTS_BY_AUDIENCE: Final[dict[tuple[Audience, Basis], Promise]] = {
    (Audience.CUSTOMERS, Basis.LEGAL_OBLIGATION): _(
        "The data on accounting vouchers is a statutory requirement: the Accounting Act "
        "(Kirjanpitolaki 1336/1997) requires us to record every sale. Without the details an "
        "invoice needs we cannot sell to you on invoice."
    ),
    (Audience.APPLICANTS, Basis.CONTRACT): _(
        "Applying is voluntary, but without your contact details and your application we "
        "cannot consider you for the position (steps before a contract)."
    ),
    (Audience.STAFF, Basis.CONTRACT): _(
        "Data needed for the employment contract is a contractual requirement: without it we "
        "cannot employ you or manage the employment."
    ),
    (Audience.STAFF, Basis.LEGAL_OBLIGATION): _(
        "Your personal identity code, tax card and bank details are statutory requirements "
        "for tax, Incomes Register and pension filings, and the data for your work certificate "
        "is kept under the Employment Contracts Act (Työsopimuslaki 55/2001 6:7). Without them "
        "we cannot pay your salary or make the filings the law requires."
    ),
}

OBJECTION_TITLE = _("Your right to object")
OBJECTION_LEGITIMATE = _(
    "We process some of your data on the basis of our legitimate interests (GDPR Art. "
    "6(1)(f)): %(purposes)s. You have the right to object to this processing at any time on "
    "grounds relating to your particular situation. We then stop, unless we demonstrate "
    "compelling legitimate grounds that override your interests, rights and freedoms, or need "
    "the data to establish, exercise or defend legal claims (GDPR Art. 21(1))."
)
OBJECTION_NONE = _(
    "We do not process your data on the basis of legitimate interests. Should we start, you "
    "may object to it at any time on grounds relating to your particular situation (GDPR "
    "Art. 21(1))."
)
OBJECTION_MARKETING = _(
    "You may object at any time, free of charge and without giving reasons, to the use of "
    "your data for direct marketing. We then stop using it for direct marketing at once and "
    "keep only a record of your objection, so that your contact details are not used for "
    "marketing again (GDPR Art. 21(2)–(3)). Every marketing message has an unsubscribe link."
)
OBJECTION_HOW = _("To object, tell us in the shop, by e-mail to %(email)s or by letter.")

RIGHTS: Final[dict[str, tuple[Promise, Promise]]] = {
    "access": (
        _("Right of access"),
        _(
            "You may ask whether we process your data and get a copy of it, with its purposes, "
            "categories, recipients, retention and source (GDPR Art. 15). The first copy is "
            "free."
        ),
    ),
    "rectification": (
        _("Right to rectification"),
        _(
            "You may have inaccurate data about you corrected and incomplete data completed "
            "(GDPR Art. 16). Issued accounting vouchers are not altered; a correction entry is "
            "made instead."
        ),
    ),
    "erasure": (
        _("Right to erasure"),
        _(
            "You may have your data erased when it is no longer needed, when you withdraw "
            "consent or object and there is no overriding ground, or when it was processed "
            "unlawfully (GDPR Art. 17)."
        ),
    ),
    "restriction": (
        _("Right to restriction of processing"),
        _(
            "You may have processing restricted while the accuracy of the data or your "
            "objection is being checked, when processing is unlawful but you do not want "
            "erasure, or when you need the data for a legal claim (GDPR Art. 18). Restricted "
            "data is only stored, and we tell you before the restriction is lifted."
        ),
    ),
    "objection": (
        _("Right to object"),
        _(
            "You may object to processing based on our legitimate interests, and to direct "
            "marketing at any time (GDPR Art. 21); see “Your right to object” above."
        ),
    ),
    "portability": (
        _("Right to data portability"),
        _(
            "You may get the data you have given us, and that we process on your consent or "
            "under a contract by automated means, in a structured, machine-readable format "
            "(JSON and CSV), or have it sent to another controller where that is technically "
            "feasible (GDPR Art. 20)."
        ),
    ),
    "recipients": (
        _("Notification of recipients"),
        _(
            "We tell the recipients of your data about every rectification, erasure or "
            "restriction, and tell you who they are if you ask (GDPR Art. 19)."
        ),
    ),
}

ERASURE_HOLDS = _(
    "We cannot erase data we must keep by law or for legal claims before its period ends "
    "(GDPR Art. 17(3)(b) and (e)): %(holds)s. We restrict such data instead and erase it when "
    "the period ends."
)
PORTABLE_DATA = _("Portable data in this notice: %(categories)s.")
PORTABLE_NONE = _("None of the data in this notice is portable in this sense.")

EXERCISE = _(
    "To use your rights, contact us in our shop at %(address)s during opening hours, by "
    "e-mail to %(email)s, or by letter to %(name)s, %(address)s. Requests are free of charge."
)
EXERCISE_DEADLINE = _(
    "We answer without undue delay and within one month. If a request is complex, or there "
    "are many, we may extend this by two further months and tell you so, with the reasons, "
    "within the first month (GDPR Art. 12(3)). We check your identity with information we "
    "already have, such as an order number together with your e-mail address or phone "
    "number; we do not ask for a copy of an identity document."
)
EXERCISE_STAFF = _("Employees may also make their request through HR.")

CONSENT_WITHDRAWAL: Final[dict[Audience, Promise]] = {
    Audience.CUSTOMERS: _(
        "Where we process your data on your consent — marketing e-mails and text messages, "
        "non-essential cookies — you may withdraw your consent at any time, as easily as you "
        "gave it. Withdrawal does not affect the lawfulness of processing before it (GDPR "
        "Art. 7(3))."
    ),
    Audience.APPLICANTS: _(
        "Where we process your data on your consent — asking your referees, keeping your "
        "application in the talent pool — you may withdraw your consent at any time, as "
        "easily as you gave it. Withdrawal does not affect the lawfulness of processing "
        "before it (GDPR Art. 7(3))."
    ),
    Audience.STAFF: _(
        "Where we process your data on your consent — such as your written consent to the "
        "processing of health data — you may withdraw your consent at any time, as easily as "
        "you gave it. Withdrawal does not affect the lawfulness of processing before it (GDPR "
        "Art. 7(3))."
    ),
}

COMPLAINT = _(
    "If you think we process your data unlawfully, you have the right to lodge a complaint "
    "with a supervisory authority. In Finland it is the Office of the Data Protection "
    "Ombudsman (Tietosuojavaltuutetun toimisto), www.tietosuoja.fi. You may also complain in "
    "the EU member state where you live or work, or where the infringement took place (GDPR "
    "Art. 77)."
)

AUTOMATED = _(
    "We make no decisions based solely on automated processing, including profiling, that "
    "have legal or similarly significant effects on you (GDPR Art. 22)."
)

TRANSFERS_NONE = _(
    "We do not transfer personal data outside the European Union or the European Economic "
    "Area: no recipient or processor in our records processes it there. If this changes, this "
    "notice will name the country and the safeguard — an adequacy decision of the European "
    "Commission or its standard contractual clauses — and you may ask us for a copy of the "
    "safeguards (GDPR Art. 13(1)(f), 46)."
)
TRANSFERS_SOME = _(
    "Some of your data is transferred outside the European Union or the European Economic "
    "Area, as listed below. You may ask us for a copy of the safeguards (GDPR Art. 13(1)(f), "
    "46)."
)
TRANSFER_LINE = _("%(name)s, %(country)s: %(safeguard)s")
SAFEGUARD_MISSING = _("safeguard not recorded")

RECIPIENTS_INTRO = _(
    "We disclose personal data only where the law requires it, where you have asked or "
    "agreed, or where the business you have with us needs it:"
)
PROCESSORS_INTRO = _(
    "Processors handle data on our behalf and only on our instructions, under a contract "
    "that binds them to confidentiality and security (GDPR Art. 28):"
)

CHANGES = _(
    "We update this notice when our processing changes, and tell you before we use your data "
    "for a new purpose (GDPR Art. 13(3)). Each version is identified by a code computed from "
    "its content and the day it took effect."
)

SHARED_RETENTION = _("as long as any other data about you in this notice is kept")
OPEN_ENDED = _("for as long as the purpose lasts (no fixed period)")
PROPOSAL_NOTE = _("our own decision; no statute sets this period")
HOLD_NOTE = _("cannot be erased early on request; restricted instead")
PARTLY_NOTE = _("partly erasable early; the part kept by law is restricted")
ERASABLE_NOTE = _("erased early on a valid request")


class RecipientRole:
    """How a recipient stands to us (legal.md §0 gap 4); the values are those of the
    recipient register's roles, plus ``statutory`` for a recipient the law names."""

    PROCESSOR = "processor"
    CONTROLLER = "independent_controller"
    AUTHORITY = "authority"
    STATUTORY = "statutory"


ROLE_LABELS: Final[dict[str, Promise]] = {
    RecipientRole.PROCESSOR: _("processor acting on our behalf (GDPR Art. 28)"),
    RecipientRole.CONTROLLER: _("independent controller"),
    RecipientRole.AUTHORITY: _("authority, where the law requires"),
    RecipientRole.STATUTORY: _("statutory recipient"),
}

#: Who receives data of each recipient type, and in which role, when the
#: recipient register names no one (legal.md §0 gap 4, §5).
RECIPIENT_TYPES: Final[dict[RecipientType, tuple[str, Promise]]] = {
    RecipientType.WARRANTY_REGISTRATION: (
        RecipientRole.CONTROLLER,
        _("manufacturers and importers, for product and warranty registrations"),
    ),
    RecipientType.DROP_SHIPMENT: (
        RecipientRole.CONTROLLER,
        _("suppliers who deliver products straight to you, and carriers"),
    ),
    RecipientType.LICENCE_DELIVERY: (
        RecipientRole.CONTROLLER,
        _("software vendors, for electronic licence deliveries"),
    ),
    RecipientType.QUOTE_REQUEST: (
        RecipientRole.CONTROLLER,
        _("suppliers, when we ask for a quote for you"),
    ),
    RecipientType.FINANCING: (
        RecipientRole.CONTROLLER,
        _("finance companies, when you apply for financing"),
    ),
    RecipientType.SERVICE_CALL: (
        RecipientRole.CONTROLLER,
        _("service and installation partners, for service and installation calls"),
    ),
    RecipientType.POLICE: (
        RecipientRole.AUTHORITY,
        _("the police and other authorities, when the law requires us to disclose data"),
    ),
    RecipientType.ACCOUNTING_FIRM: (
        RecipientRole.PROCESSOR,
        _("our accounting firm, which keeps our books and runs payroll on our behalf"),
    ),
    RecipientType.AUDITOR: (RecipientRole.STATUTORY, _("our auditor, for the statutory audit")),
    RecipientType.TAX_AUTHORITY: (
        RecipientRole.AUTHORITY,
        _("the Tax Administration and the Incomes Register"),
    ),
    RecipientType.PENSION_INSURER: (
        RecipientRole.STATUTORY,
        _("the earnings-related pension insurer"),
    ),
    RecipientType.OCCUPATIONAL_HEALTH: (
        RecipientRole.CONTROLLER,
        _("the occupational-health provider, a separate controller of your patient records"),
    ),
}

#: Recipients a notice names although no field declares them: the disclosures the
#: shop's original notice lists (quotes, financing, the police on a legal request).
AUDIENCE_RECIPIENT_TYPES: Final[dict[Audience, tuple[RecipientType, ...]]] = {
    Audience.CUSTOMERS: (
        RecipientType.QUOTE_REQUEST,
        RecipientType.FINANCING,
        RecipientType.POLICE,
    ),
    Audience.APPLICANTS: (RecipientType.POLICE,),
    Audience.STAFF: (RecipientType.POLICE,),
}

#: Kinds of processors the shop's original notice names, used while the processor
#: register is empty (GDPR Art. 13(1)(e) allows categories of recipients).
FALLBACK_PROCESSORS: Final[dict[Audience, tuple[Promise, ...]]] = {
    Audience.CUSTOMERS: (
        _("hosting of our websites and the web shop"),
        _("cloud storage"),
        _("delivery of products"),
        _("sending of marketing e-mail"),
    ),
    Audience.APPLICANTS: (_("hosting of our websites"), _("cloud storage")),
    Audience.STAFF: (_("cloud storage"),),
}


# --- Sections of one audience's notice ----------------------------------------------

COOKIES_TITLE = _("Cookies on our websites")
COOKIES = (
    _(
        "Our websites store cookies on your device. Cookies that are strictly necessary for a "
        "service you ask for, such as the shopping cart, are used without consent. All other "
        "cookies — for example those that record the browser type, the pages opened and the "
        "time spent on them, or that our service providers set — are used only if you accept "
        "them (Laki sähköisen viestinnän palveluista 917/2014 205 §)."
    ),
    _(
        "You can accept or reject them when you arrive, and change your choice at any time "
        "through the cookie-settings link at the foot of every page; rejecting is as easy as "
        "accepting. You can also block cookies in your browser settings. We keep a "
        "pseudonymous record of your choice and of the banner version, to show what you chose."
    ),
)

IP_TITLE = _("The IP address of web-shop orders")
IP_ADDRESS = _(
    "When you order from our web shop, the IP address of your connection is stored with the "
    "order in the web-shop register. We use it only to prevent and investigate fraud and "
    "chargebacks, and keep it for %(period)s — a shorter time than the order itself."
)

NO_HETU = _(
    "We do not collect customers' personal identity codes. If you apply for financing, you "
    "give your identity code to the finance company."
)

REFERENCES_TITLE = _("References and other sources")
REFERENCES = _(
    "We contact your referees, or collect information about you from anyone else, only with "
    "your consent (Laki yksityisyyden suojasta työelämässä 759/2004 4 §). We do not ask for "
    "your personal identity code before you are hired."
)

APPLICATION_RETENTION_TITLE = _("Why we keep applications for two years")
APPLICATION_RETENTION = _(
    "Unsuccessful applications, CVs and interview notes are kept for %(period)s, because an "
    "applicant may bring a discrimination claim within that time (Rikoslaki 39/1889 47:3 and "
    "8:1; the Data Protection Ombudsman's decision 6652/154/19). Until then an erasure "
    "request restricts the data instead of erasing it (GDPR Art. 17(3)(e)); after that it is "
    "deleted."
)

TALENT_POOL_TITLE = _("Talent pool")
TALENT_POOL = _(
    "If you leave an open application, or agree that we keep your application for later "
    "positions, we keep it on your consent for %(period)s and then delete it unless you renew "
    "your consent. You may withdraw your consent at any time."
)
HIRED = _(
    "If you are hired, the data needed for the employment moves to the personnel register "
    "and the privacy notice for staff applies to it."
)

HEALTH_TITLE = _("Health data")
HEALTH = (
    _(
        "We process data about your health only if you have given it yourself or have given "
        "your written consent, and only to pay sick pay or similar benefits, to find out "
        "whether an absence is justified, when you ask for an assessment of your ability to "
        "work, or where another law requires it (Laki yksityisyyden suojasta työelämässä "
        "759/2004 5 §; GDPR Art. 9(2)(b))."
    ),
    _(
        "Health data is kept separately from your other personal data, in a store that only "
        "the named handlers can open, and every read of it is logged. We keep no diagnosis "
        "field and no register of illnesses. We assess the need to keep the data at least "
        "every five years."
    ),
)
HEALTH_RETENTION = _("%(title)s: %(period)s.")
HEALTH_HANDLERS = _(
    "Only these named persons, who prepare, make or carry out decisions based on the data, "
    "may handle it; they are bound to confidentiality, also after the employment: "
    "%(handlers)s."
)
HEALTH_NO_HANDLERS = _(
    "No handler has been named yet; until one is, no health data is processed in our registers."
)

OCCUPATIONAL_HEALTH_TITLE = _("Occupational health care")
OCCUPATIONAL_HEALTH = _(
    "Our occupational-health provider%(provider)s is a separate controller: it keeps your "
    "patient records under health-care law and its own privacy notice, and gives us only its "
    "conclusions on your fitness for work. We notify it when an absence has lasted a month "
    "(Työterveyshuoltolaki 1383/2001 10 a §)."
)

HETU_TITLE = _("Personal identity code")
HETU = _(
    "We process your personal identity code because unambiguous identification is needed "
    "for tax, Incomes Register, pension and occupational-health matters of the employment "
    "(Tietosuojalaki 1050/2018 29 §). It is stored encrypted, shown masked to everyone but "
    "payroll, and not printed on documents that do not need it."
)

PAYROLL_TITLE = _("Payroll, tax and pension")
PAYROLL = _(
    "We disclose salary, tax and pension data as the law requires to %(recipients)s. Our "
    "accounting firm runs payroll on our behalf as our processor."
)

SECURITY_TITLE = _("How we protect the data")
SECURITY_BREACH = _(
    "No system is completely secure. If a breach of your data is likely to put your rights "
    "and freedoms at high risk, we tell you without undue delay (GDPR Art. 34)."
)
