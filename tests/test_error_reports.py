"""Credentials posted to a view that fails never reach the error report (ASVS 16.2.5).

Django hides POST values only for views marked with ``sensitive_post_parameters``,
and only when DEBUG is off; the report is what the django.request logger and
AdminEmailHandler would send.
"""

from __future__ import annotations

import sys
from typing import Any
from unittest import mock

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.views.debug import ExceptionReporter

from rekisteri.registers.service.tests.factories import make_job

pytestmark = pytest.mark.django_db

CANARY = "ZQXJ-Canary-Secret-4711"


def _report_of_failing_post(client: Client, url: str, data: dict[str, str]) -> str:
    reports: list[str] = []

    def capture(sender: Any, request: Any, **kwargs: Any) -> None:
        exc_type, exc, tb = sys.exc_info()
        reports.append(ExceptionReporter(request, exc_type, exc, tb).get_traceback_text())

    client.raise_request_exception = False
    got_request_exception.connect(capture)
    try:
        response = client.post(url, data)
    finally:
        got_request_exception.disconnect(capture)
    assert response.status_code == 500
    assert CANARY not in response.content.decode()
    assert len(reports) == 1
    return reports[0]


def test_a_failing_login_hides_the_password(settings):
    settings.DEBUG = False
    with mock.patch(
        "django.contrib.auth.forms.authenticate", side_effect=RuntimeError("backend down")
    ):
        report = _report_of_failing_post(
            Client(), "/accounts/login/", {"username": "clerk", "password": CANARY}
        )
    assert "RuntimeError" in report
    assert CANARY not in report


def test_a_failing_credential_form_hides_the_secret(settings, client_for, technician):
    settings.DEBUG = False
    job = make_job()
    with mock.patch(
        "rekisteri.registers.service.views._visible_job", side_effect=RuntimeError("boom")
    ):
        report = _report_of_failing_post(
            client_for(technician),
            f"/service/jobs/{job.reference}/credentials/add/",
            {"label": "Windows", "username": "maija", "secret": CANARY},
        )
    assert "RuntimeError" in report
    assert CANARY not in report


def test_a_failure_while_hashing_a_web_shop_password_hides_it(settings):
    """The frame variables (HTML report, as mailed to admins) hide what is marked sensitive."""
    from rekisteri.registers.webshop import services

    settings.DEBUG = False
    with mock.patch.object(services, "_argon2", side_effect=RuntimeError("hasher down")):
        try:
            services.hash_webshop_password(CANARY)
        except RuntimeError:
            exc_type, exc, tb = sys.exc_info()
            report = ExceptionReporter(None, exc_type, exc, tb).get_traceback_html()
    assert "hash_webshop_password" in report
    assert CANARY not in report
