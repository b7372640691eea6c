import pytest
from django.core.management import CommandError, call_command

from tests.reports.texts import expected_texts, footer_number, html_text, missing_in_order, pdf_pages


def test_render_report_writes_the_html_with_every_text(seed, tmp_path):
    out = tmp_path / "out.html"
    call_command("render_report", "711", "2022", "--format", "html", "--output", str(out))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "@page" in page, "the print stylesheet travels with the file"
    assert missing_in_order(expected_texts(seed), html_text(page)) == []


def test_render_report_writes_the_numbered_pdf(seed, tmp_path, report_store):
    out = tmp_path / "out.pdf"
    call_command("render_report", "711", "2022", "--format", "pdf", "--output", str(out))
    pages = pdf_pages(out.read_bytes())
    assert missing_in_order(expected_texts(seed), "".join(pages)) == []
    assert [footer_number(page) for page in pages][-1] == len(pages) - 2
    assert any(report_store.rglob("*.pdf"))


def test_render_report_without_cache_keeps_nothing(seed, tmp_path, report_store):
    out = tmp_path / "out.pdf"
    call_command("render_report", "711", "2022", "--format", "pdf", "--output", str(out), "--no-cache")
    assert out.read_bytes().startswith(b"%PDF")
    assert not report_store.exists()


def test_render_report_names_a_missing_document(seed, tmp_path):
    with pytest.raises(CommandError, match="没有部门“712”2022年的绩效文本"):
        call_command("render_report", "712", "2022", "--output", str(tmp_path / "x.pdf"))
