"""User text is data in every output: the HTML pages, the PDF and the Excel workbook never run it as code."""

from django.urls import reverse
from openpyxl.cell.cell import TYPE_STRING

from indicators.models import Indicator
from projects.models import BudgetUnit, Department, DepartmentGoal, Document, Project
from projects.selectors import document_report
from reports.pdf import build_pdf, document_sources
from tests.reports.texts import norm, pdf_pages
from workbooks.exporter import export_document

SCRIPT = "<script>alert(1)</script> & \"引号\" '单'"
FORMULA = '=HYPERLINK("http://evil.example","点我")'
# Cells starting with any of these are formulas to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@")


def poison_every_text_field(document: Document) -> list[str]:
    """Puts markup and formulas into every free-text field of the document; returns the texts written."""
    Department.objects.filter(pk=document.department_id).update(name=f"{SCRIPT}部门")
    BudgetUnit.objects.filter(department=document.department).update(name=f"{FORMULA}单位")
    Document.objects.filter(pk=document.pk).update(prepared_by=f"{SCRIPT}编", approving_authority=f"{FORMULA}审")
    DepartmentGoal.objects.filter(document=document, kind="overall").update(text=f"{FORMULA}目标")
    DepartmentGoal.objects.filter(document=document, kind="safeguard").update(text=f"{SCRIPT}措施")
    DepartmentGoal.objects.filter(document=document, kind="itemized").update(text="+1+2分项")
    Project.objects.filter(document=document, position=2).update(
        name=f"{SCRIPT}项目", purpose=f"{FORMULA}用途", goal="@SUM(A1)目标"
    )
    project = document.projects.get(position=2)
    for indicator in project.indicators.all():
        Indicator.objects.filter(pk=indicator.pk).update(
            name=f"-{indicator.position}{SCRIPT}", description=f"{FORMULA}{indicator.position}"
        )
    Indicator.objects.filter(pk=project.indicators.get(position=5).pk).update(
        value_text=f"{SCRIPT}定性", comparator="", target_number=None, unit="", basis=FORMULA
    )
    return [
        f"{SCRIPT}部门",
        f"{FORMULA}单位",
        f"{SCRIPT}编",
        f"{FORMULA}审",
        f"{FORMULA}目标",
        f"{SCRIPT}措施",
        "+1+2分项",
        f"{SCRIPT}项目",
        f"{FORMULA}用途",
        "@SUM(A1)目标",
        f"-1{SCRIPT}",
        f"{FORMULA}1",
        f"{SCRIPT}定性",
        FORMULA,
    ]


def test_html_pages_show_markup_as_text(client, seed, superuser):
    poison_every_text_field(seed)
    client.force_login(superuser)
    project = seed.projects.get(position=2)
    pages = [
        reverse("reports:document", args=["711", 2022]),
        reverse("projects:document", args=["711", 2022]),
        reverse("projects:project_edit", args=[project.pk]),
        reverse("review:document", args=["711", 2022]),
        reverse("projects:dashboard"),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;" in page, url
    report = client.get(pages[0]).content.decode()
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;点我&quot;)用途" in report


def test_pdf_prints_markup_and_formulas_as_text(seed):
    written = poison_every_text_field(seed)
    text = norm("".join(pdf_pages(build_pdf(document_sources(document_report(seed))).content)))
    for value in written:
        assert norm(value) in text, value


def test_excel_writes_formula_like_text_as_text(seed):
    written = poison_every_text_field(seed)
    workbook = export_document(seed)
    found = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == TYPE_STRING, f"{sheet.title}!{cell.coordinate} {cell.value}"
                    found.add(cell.value)
                if isinstance(cell.value, str):
                    found.update(v for v in written if v in cell.value)
    assert set(written) <= found
