"""The pure rules of the recruitment register: CV content checks, names, decisions."""

from __future__ import annotations

import datetime as dt

import pytest

from rekisteri.registers.recruiting import policies
from rekisteri.registers.recruiting.demo import minimal_pdf
from rekisteri.registers.recruiting.policies import (
    DOCX,
    ODT,
    PDF,
    TEXT,
    CvRejected,
    decision_problem,
    detect_cv_format,
    download_filename,
    is_stored_name,
    new_stored_name,
    sanitise_original_name,
)

from .conftest import docx_bytes, make_zip, odt_bytes

LIMIT = 10 * 1024 * 1024


def rejected_code(data: bytes, max_bytes: int = LIMIT) -> str:
    with pytest.raises(CvRejected) as caught:
        detect_cv_format(data, max_bytes=max_bytes)
    return caught.value.code


def test_a_pdf_is_recognised_by_its_header():
    assert detect_cv_format(minimal_pdf(["Hei"]), max_bytes=LIMIT) is PDF


def test_a_word_document_is_recognised_by_its_content_types():
    assert detect_cv_format(docx_bytes(), max_bytes=LIMIT) is DOCX


def test_an_opendocument_text_is_recognised_by_its_mimetype_member():
    assert detect_cv_format(odt_bytes(), max_bytes=LIMIT) is ODT


def test_utf8_text_with_finnish_letters_is_plain_text():
    assert detect_cv_format("Ansioluettelo\nÄäkkönen Öljy\n".encode(), max_bytes=LIMIT) is TEXT


def test_an_empty_file_is_rejected():
    assert rejected_code(b"") == "empty"


def test_a_file_over_the_limit_is_rejected():
    assert rejected_code(b"%PDF-" + b"x" * 100, max_bytes=100) == "too_large"


def test_html_renamed_to_pdf_is_rejected_because_the_content_decides():
    assert rejected_code(b"<!DOCTYPE html><html><script>alert(1)</script></html>") == "markup"


def test_a_pdf_html_polyglot_is_rejected():
    assert rejected_code(b"%PDF-1.4\n<html><body><script>alert(1)</script>") == "markup"


def test_an_svg_with_a_script_is_rejected():
    assert rejected_code(b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>') == (
        "markup"
    )


def test_xml_text_is_rejected_as_markup():
    assert rejected_code(b'<?xml version="1.0"?><cv/>') == "markup"


def test_text_with_a_nul_byte_is_rejected():
    assert rejected_code(b"Ansioluettelo\x00binary") == "unsupported"


def test_latin1_text_is_rejected_with_a_request_for_utf8():
    assert rejected_code("Äänekoski".encode("latin-1")) == "not_utf8"


def test_a_macro_enabled_word_document_is_rejected():
    docm_types = policies._DOCX_MAIN.replace(b"document.main", b"document.macroEnabled.main")
    data = docx_bytes(types=b"<Types><Override ContentType='" + docm_types + b"'/></Types>")
    assert rejected_code(data) == "macros"


def test_a_word_document_carrying_a_vba_project_is_rejected():
    assert rejected_code(docx_bytes(extra={"word/vbaProject.bin": b"\x00\x01"})) == "macros"


def test_an_opendocument_with_basic_macros_is_rejected():
    assert rejected_code(odt_bytes(extra={"Basic/Standard/Module1.xml": b"<x/>"})) == "macros"


def test_a_zip_slip_member_is_rejected():
    assert rejected_code(docx_bytes(extra={"../../evil.sh": b"rm -rf /"})) == "unsafe_paths"


def test_a_zip_bomb_is_rejected_from_its_directory(monkeypatch):
    monkeypatch.setattr(policies, "MAX_ZIP_UNCOMPRESSED_BYTES", 10_000)
    assert rejected_code(docx_bytes(extra={"word/media/big.bin": b"\x00" * 20_000})) == (
        "too_large_unpacked"
    )


def test_a_zip_with_too_many_entries_is_rejected(monkeypatch):
    monkeypatch.setattr(policies, "MAX_ZIP_ENTRIES", 10)
    extra = {f"word/part{i}.xml": b"<x/>" for i in range(20)}
    assert rejected_code(docx_bytes(extra=extra)) == "too_many_entries"


def test_an_arbitrary_zip_is_not_a_cv():
    assert rejected_code(make_zip({"readme.txt": b"hello"})) == "unsupported"


def test_a_truncated_zip_is_rejected_as_damaged():
    assert rejected_code(docx_bytes()[:40]) == "corrupt"


def test_rejection_messages_are_translated(settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(CvRejected) as caught:
        detect_cv_format(b"", max_bytes=LIMIT)
    assert caught.value.message == "The file is empty."


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win.ini"),
        ("cv.pdf\x00.html", "cv.pdf.html"),
        ("cv\r\nX-Injected: 1.pdf", "cvX-Injected: 1.pdf"),
        ("cv\u202egpj.pdf", "cvgpj.pdf"),
        ("ansioluettelo ääkköset.pdf", "ansioluettelo ääkköset.pdf"),
        ("..", ""),
        ("a" * 300 + ".pdf", "a" * 200),
    ],
)
def test_uploaded_names_are_kept_only_as_harmless_metadata(uploaded, kept):
    assert sanitise_original_name(uploaded) == kept


def test_stored_names_are_generated_and_carry_the_detected_extension():
    names = {new_stored_name(PDF) for _ in range(50)}
    assert len(names) == 50
    assert all(is_stored_name(name) and name.endswith(".pdf") for name in names)


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "passwd",
        "0" * 32 + ".html",
        "0" * 32 + ".pdf/../x",
        "0" * 31 + ".pdf",
        "",
    ],
)
def test_anything_but_a_generated_name_is_not_a_stored_name(name):
    assert not is_stored_name(name)


def test_the_download_name_carries_the_reference_not_the_applicant():
    assert download_filename("R-ABCD2345", "0" * 32 + ".docx") == "R-ABCD2345-cv.docx"


RECEIVED = dt.date(2025, 3, 1)
TODAY = dt.date(2025, 4, 1)


def test_a_final_decision_with_a_past_date_is_valid():
    assert (
        decision_problem(
            status="rejected", decided_on=dt.date(2025, 3, 20), received_on=RECEIVED, today=TODAY
        )
        is None
    )


def test_a_decision_date_cannot_be_in_the_future():
    assert decision_problem(
        status="rejected", decided_on=dt.date(2025, 4, 2), received_on=RECEIVED, today=TODAY
    )


def test_a_decision_date_cannot_precede_the_application():
    assert decision_problem(
        status="hired", decided_on=dt.date(2025, 2, 28), received_on=RECEIVED, today=TODAY
    )


def test_a_non_final_status_has_no_decision_date():
    assert decision_problem(
        status="interview", decided_on=dt.date(2025, 3, 20), received_on=RECEIVED, today=TODAY
    )
    assert (
        decision_problem(status="interview", decided_on=None, received_on=RECEIVED, today=TODAY)
        is None
    )
