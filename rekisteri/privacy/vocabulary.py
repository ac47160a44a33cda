"""The fixed vocabulary of the data map: categories, purposes, bases and actions.

Values are stable lower-snake strings (they are stored and exported); labels are
translated. The vocabulary follows the shop's privacy notice and GDPR Art. 6, 9,
13 and 30.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Categories of personal data (GDPR Art. 30(1)(c), Art. 14(1)(d))."""

    IDENTITY = "identity", _("Name and identification")
    CONTACT = "contact", _("Contact details")
    ADDRESS = "address", _("Delivery and billing addresses")
    CUSTOMER_RELATIONSHIP = "customer_relationship", _("Customer relationship")
    PURCHASE = "purchase", _("Purchases and order history")
    ACCOUNTING = "accounting", _("Accounting vouchers")
    SERVICE = "service", _("Service and installation records")
    DEVICE_CREDENTIAL = "device_credential", _("Device, software or website credentials")
    ONLINE_ACCOUNT = "online_account", _("Web-shop account")
    ONLINE_IDENTIFIER = "online_identifier", _("IP address and online identifiers")
    COOKIE_CHOICE = "cookie_choice", _("Cookie choices")
    MARKETING = "marketing", _("Marketing permissions and objections")
    APPLICATION = "application", _("Job and internship applications")
    CV = "cv", _("Curriculum vitae")
    EMPLOYMENT = "employment", _("Employment details")
    PAYROLL = "payroll", _("Payroll data")
    TAX = "tax", _("Tax data")
    NATIONAL_ID = "national_id", _("Personal identity code")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    HEALTH = "health", _("Occupational-health data")
    NOTES = "notes", _("Free-text notes")
    PROVENANCE = "provenance", _("Where the data came from")
    DISCLOSURE = "disclosure", _("Disclosures to recipients")


class Purpose(models.TextChoices):
    """Purposes of processing (GDPR Art. 5(1)(b), 13(1)(c)), as the notice lists them."""

    SALES = "sales", _("Selling and delivering products and services")
    INVOICING = "invoicing", _("Invoicing")
    ACCOUNTING = "accounting", _("Statutory bookkeeping")
    SERVICE = "service", _("Installation and service work")
    WEBSHOP = "webshop", _("Operating the web shop and its accounts")
    SECURITY = "security", _("Fraud prevention and information security")
    CUSTOMER_RELATIONSHIP = "customer_relationship", _("Managing the customer relationship")
    MARKETING = "marketing", _("Marketing and customer communications")
    TRAINING = "training", _("Training customers")
    RECRUITMENT = "recruitment", _("Recruitment")
    EMPLOYMENT = "employment", _("Managing employment")
    PAYROLL = "payroll", _("Payroll and taxation")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational health care and sick pay")
    LEGAL_CLAIMS = "legal_claims", _("Establishing, exercising or defending legal claims")
    CONSENT_PROOF = "consent_proof", _("Demonstrating consent")
    ACCOUNTABILITY = "accountability", _("Demonstrating compliance (GDPR Art. 5(2))")
    BREACH_HANDLING = "breach_handling", _("Handling and documenting personal-data breaches")


class Basis(models.TextChoices):
    """Lawful bases (GDPR Art. 6(1), and Art. 9(2) for special categories)."""

    CONSENT = "consent", _("Consent (GDPR Art. 6(1)(a))")
    CONTRACT = "contract", _("Contract or steps before a contract (GDPR Art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR Art. 6(1)(c))")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interests (GDPR Art. 6(1)(f))")
    EMPLOYMENT_LAW = (
        "employment_law",
        _("Obligations of employment law (GDPR Art. 9(2)(b), YksTL 759/2004 5 §)"),
    )


class Source(models.TextChoices):
    """Where a field's data comes from (GDPR Art. 14(2)(f), 15(1)(g))."""

    SUBJECT = "subject", _("The person themselves")
    AUTHORISED_THIRD_PARTY = "authorised_third_party", _("A third party authorised by the person")
    EMPLOYER = "employer", _("The company's own staff or systems")
    AUTHORITY = "authority", _("An authority (e.g. the Tax Administration)")
    OCCUPATIONAL_HEALTH = "occupational_health", _("The occupational-health provider")


class Erasure(models.TextChoices):
    """What an erasure request does to a field (GDPR Art. 17)."""

    DELETE = "delete", _("Deleted")
    ANONYMISE = "anonymise", _("Anonymised")
    HOLD = "hold", _("Kept under a legal hold, then deleted")


class Sensitivity(models.TextChoices):
    """How a field is protected: secret fields are encrypted and masked; special
    categories (GDPR Art. 9) are also kept apart and readable by named persons only."""

    ORDINARY = "ordinary", _("Ordinary")
    SECRET = "secret", _("Secret")
    SPECIAL = "special", _("Special category (GDPR Art. 9)")


class IdentifierKind(models.TextChoices):
    """Identifiers kept in the subject index."""

    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    HETU = "hetu", _("Personal identity code")
    IBAN = "iban", _("IBAN")
    IP = "ip", _("IP address")
    NAME = "name", _("Name")
    CUSTOMER_NUMBER = "customer_number", _("Customer number")
    ORDER_NUMBER = "order_number", _("Order number")
    USERNAME = "username", _("Username")


class RecipientType(models.TextChoices):
    """Kinds of recipients the notice names (GDPR Art. 13(1)(e))."""

    WARRANTY_REGISTRATION = "warranty_registration", _("Product and warranty registration")
    DROP_SHIPMENT = "drop_shipment", _("Drop shipment by a supplier")
    LICENCE_DELIVERY = "licence_delivery", _("Software licence delivery")
    QUOTE_REQUEST = "quote_request", _("Quote request")
    FINANCING = "financing", _("Financing application")
    SERVICE_CALL = "service_call", _("Service or installation call")
    POLICE = "police", _("Police, on a legal request")
    ACCOUNTING_FIRM = "accounting_firm", _("Accounting firm")
    AUDITOR = "auditor", _("Auditor")
    TAX_AUTHORITY = "tax_authority", _("Tax Administration and the Incomes Register")
    PENSION_INSURER = "pension_insurer", _("Pension insurer")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational-health provider")
