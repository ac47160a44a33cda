"""The controller's details as the shop's published privacy notice gives them.

They pre-fill ``ControllerSettings`` on first migration (the notice of
6.11.2018, /work/shared/seed); the administrator corrects them on the
controller page. They are the company's public contact details, not data about
customers.
"""

from __future__ import annotations

from typing import Final

DEFAULT_CONTROLLER: Final[dict[str, str]] = {
    "name": "iLaakso IT Oy",
    "business_id": "2622560-3",
    "street_address": "Vapaaherrantie 2",
    "postal_code": "40100",
    "city": "Jyväskylä",
    "phone": "010 5013490",
    "email": "myynti@ilaakso.fi",
    "contact_person": "Marko Laaksonen",
    "websites": "www.ilaakso.fi\nverkkokauppa.ilaakso.fi",
    "dpo_contact": "",
}
