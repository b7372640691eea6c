import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from indicators.models import Indicator, Subcategory
from projects.models import Document
from projects.selectors import document_report
from reports import pdf as report_pdf
from reports.pdf import build_pdf, document_sources
from tests.conftest import grow_document
from tests.reports.texts import expected_texts, footer_number, missing_in_order, norm, pdf_pages


def render(document: Document, **kwargs):
    return build_pdf(document_sources(document_report(document)), **kwargs)


@pytest.fixture
def seed_pdf(seed):
    return render(seed)


@pytest.fixture
def count_layouts(monkeypatch):
    """Records the HTML of every WeasyPrint layout."""
    calls = []
    original = report_pdf.lay_out

    def counting(html, css):
        calls.append(html)
        return original(html, css)

    monkeypatch.setattr(report_pdf, "lay_out", counting)
    return calls


def toc_lines(content: bytes) -> list[tuple[str, int]]:
    """(title, number) of each 目录 line, read by position from the page titled 目录."""
    reader = PdfReader(io.BytesIO(content))
    entries, pending, in_toc = [], "", False
    for page in reader.pages:
        text = page.extract_text(extraction_mode="layout")
        # The 目录 starts on the page titled 目录 and runs on over the pages of leader-dotted lines after it.
        in_toc = bool(re.search(r"目\s*录", text)) or (in_toc and bool(re.search(r"\.{5,}\s*\d+", text)))
        if not in_toc:
            continue
        for line in text.splitlines():
            line = re.sub(r"\s+", " ", line).strip()
            if not line or re.fullmatch(r"目 ?录", line.replace("\u3000", "")):
                continue
            pending = f"{pending}{line}"
            match = re.fullmatch(r"(?P<title>.*?)\s*\.{3,}\s*(?P<number>\d+)", pending)
            if match:
                entries.append((norm(match.group("title")), int(match.group("number"))))
                pending = ""
    return entries


def test_seed_pdf_carries_every_text_of_the_document_in_order(seed, seed_pdf):
    text = "".join(pdf_pages(seed_pdf.content))
    expected = expected_texts(seed)
    assert len(expected) > 400
    assert missing_in_order(expected, text) == []


def test_cover_and_toc_have_no_page_number_and_part_one_starts_at_one(seed_pdf):
    pages = pdf_pages(seed_pdf.content)
    numbers = [footer_number(page) for page in pages]
    assert numbers[:2] == [None, None]
    assert numbers[2:] == list(range(1, len(pages) - 1))
    assert "第一部分" in pages[2]
    assert seed_pdf.pages == len(pages)


def test_each_toc_number_is_the_page_its_heading_lands_on(seed, seed_pdf):
    pages = [norm(page) for page in pdf_pages(seed_pdf.content)]
    entries = toc_lines(seed_pdf.content)
    project_titles = [f"{n}.{p.name}绩效目标表" for n, p in enumerate(seed.projects.order_by("position"), 1)]
    assert [title for title, _ in entries] == [
        "第一部分部门整体绩效目标",
        "一、总体绩效目标",
        "二、分项绩效目标",
        "三、工作保障措施",
        "第二部分预算项目绩效目标",
        *(norm(title) for title in project_titles),
    ]
    for title, number in entries:
        heading = title.replace("第一部分", "第一部分").removeprefix("第一部分").removeprefix("第二部分")
        landing = next(i for i in range(2, len(pages)) if heading in pages[i])
        assert footer_number(pdf_pages(seed_pdf.content)[landing]) == number, title


def test_each_project_starts_on_a_new_page(seed, seed_pdf):
    pages = pdf_pages(seed_pdf.content)
    for n, project in enumerate(seed.projects.order_by("position"), 1):
        starts = [page for page in pages if norm(page).startswith(norm(f"{n}.{project.name}绩效目标表"))]
        assert len(starts) == 1


def test_draft_cover_says_draft_and_approved_cover_does_not(seed):
    assert "（草案）" in pdf_pages(render(seed).content)[0]
    Document.objects.filter(pk=seed.pk).update(status=Document.Status.APPROVED)
    seed.refresh_from_db()
    assert "草案" not in pdf_pages(render(seed).content)[0]


def test_markup_in_a_project_name_is_printed_as_text(seed):
    name = '<script>alert(1)</script> & "quotes"'
    seed.projects.filter(position=2).update(name=name)
    content = render(seed).content
    text = "".join(pdf_pages(content))
    assert norm(f"2.{name}绩效目标表") in norm(text)
    assert norm(name) in norm(text)


def test_a_merged_cell_continuing_on_the_next_page_shows_its_label_again(seed):
    project = seed.projects.get(position=6)
    subcategory = Subcategory.objects.get(category__framework=seed.framework, name="数量指标")
    Indicator.objects.bulk_create(
        Indicator(
            project=project,
            subcategory=subcategory,
            name=f"长表指标{i}",
            description="说明文字" * 12,
            value_text="100",
            target_number=Decimal(100),
            position=100 + i,
        )
        for i in range(40)
    )
    Indicator.objects.filter(project=project, position__lt=100).update(position=200)
    pages = pdf_pages(render(seed).content)
    table_pages = [page for page in pages if "长表指标" in page]
    assert len(table_pages) >= 2
    for page in table_pages:
        body = page[page.index("指标值确定依据") :]
        assert body.count("产出指标") >= 1, "the 一级 label repeats on each page"
        assert body.count("数量指标") >= 1, "the 二级 label repeats on each page"
    assert all("一级指标" in page for page in table_pages), "the header row repeats"


def test_other_funds_of_zero_print_blank_and_amounts_have_two_decimals(seed_pdf):
    pages = [norm(page) for page in pdf_pages(seed_pdf.content)]
    first, second = (next(p for p in pages if p.startswith(title)) for title in ("1.2022年", "2.工会礼堂"))
    assert "预算数7.70其中：财政资金7.70其他资金对困难职工" in first
    assert "3月底6月底10月底12月底5.0010.00绩效目标" in second


def test_an_unchanged_document_is_assembled_from_the_store_without_layout(seed, count_layouts):
    render(seed)
    assert count_layouts
    count_layouts.clear()
    again = render(seed)
    assert count_layouts == []
    assert again.pages == 11


def test_editing_one_project_lays_out_that_project_only(seed, count_layouts):
    render(seed)
    count_layouts.clear()
    seed.projects.filter(position=3).update(purpose="为工会在职人员缴纳养老和医疗保险（已修改）")
    edited = render(seed)
    assert len(count_layouts) == 1
    assert "已修改" in count_layouts[0]
    assert "工会礼堂维护费" not in count_layouts[0]
    assert "（已修改）" in "".join(pdf_pages(edited.content))


def test_no_cache_lays_out_everything_and_keeps_nothing(seed, report_store, count_layouts):
    render(seed, use_cache=False)
    first = len(count_layouts)
    render(seed, use_cache=False)
    assert first > 0
    assert len(count_layouts) == 2 * first
    assert not report_store.exists()


def test_page_numbers_follow_a_project_that_grows_a_page(seed):
    project = seed.projects.get(position=1)
    project.goal = "\n".join(f"{i}.绩效目标说明" * 8 for i in range(1, 40))
    project.save(update_fields=["goal"])
    content = render(seed).content
    pages = pdf_pages(content)
    second = next(i for i, page in enumerate(pages) if norm(page).startswith("2.工会礼堂维护费绩效目标表"))
    entries = dict(toc_lines(content))
    assert entries["2.工会礼堂维护费绩效目标表"] == footer_number(pages[second]) > 4


def test_progress_counts_parts_up_to_all_of_them(seed):
    heard = []
    render(seed, progress=lambda done, total: heard.append((done, total)))
    parts = 3 + seed.projects.count()
    assert heard[-1] == (parts, parts)
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)


def test_a_bare_document_prints_with_empty_sections_and_an_empty_table(document, project):
    result = render(document)
    pages = pdf_pages(result.content)
    assert missing_in_order(expected_texts(document), "".join(pages)) == []
    assert dict(toc_lines(result.content))["1.测试项目绩效目标表"] == footer_number(pages[-1])


def test_each_toc_line_links_to_the_page_of_its_heading(seed_pdf):
    reader = PdfReader(io.BytesIO(seed_pdf.content))
    pages = [norm(page.extract_text()) for page in reader.pages]
    links = [annotation.get_object() for annotation in reader.pages[1]["/Annots"]]
    targets = [reader.get_page_number(link["/Dest"][0].get_object()) for link in links]
    assert len(targets) == 11
    assert pages[targets[1]].count("一、总体绩效目标") == 1
    assert pages[targets[-1]].startswith("6.退役军人人员经费绩效目标表")


def fonts_by_page(content: bytes) -> list[dict[str, tuple[int, str]]]:
    """Per page: resource name -> (object number, BaseFont) of every font it uses."""
    reader = PdfReader(io.BytesIO(content))
    return [
        {name: (ref.idnum, str(ref.get_object()["/BaseFont"])) for name, ref in page["/Resources"]["/Font"].items()}
        for page in reader.pages
    ]


def test_each_font_is_embedded_once_though_the_parts_were_laid_out_apart(seed, count_layouts):
    render(seed)
    seed.projects.filter(position=3).update(purpose="为工会在职人员缴纳养老和医疗保险（已修改）")
    edited = render(seed)  # joined from chunks laid out at different times
    assert len(count_layouts) >= 3
    fonts = {font for page in fonts_by_page(edited.content) for font in page.values()}
    base_fonts = sorted(base for _, base in fonts)
    assert len(base_fonts) == len(set(base_fonts)) == 2
    assert all("Noto" in base for base in base_fonts)
    assert len(edited.content) < 600_000  # two subsets per chunk made the seed about 0.8 MB


def test_page_and_toc_numbers_are_drawn_in_the_body_font(seed_pdf):
    pages = fonts_by_page(seed_pdf.content)
    number_fonts = {page["/BPNum"][1] for page in pages if "/BPNum" in page}
    assert len(number_fonts) == 1
    assert number_fonts.pop().endswith("+Noto-Serif-CJK-SC")
    assert "/BPNum" in pages[1]  # the 目录


def test_a_long_toc_runs_over_pages_with_every_number_right(seed):
    grow_document(seed, copies=5)
    content = render(seed).content
    pages = pdf_pages(content)
    entries = toc_lines(content)
    assert len(entries) == 5 + seed.projects.count()
    toc_pages = [page for page in pages if re.search(r"\.{5,}", page)]
    assert len(toc_pages) >= 2
    for title, number in entries[-3:]:
        landing = next(i for i, page in enumerate(pages) if norm(page).startswith(title))
        assert footer_number(pages[landing]) == number, title


def test_renaming_a_project_lays_out_that_project_and_one_toc_page(seed, count_layouts):
    grow_document(seed, copies=5)
    render(seed)
    count_layouts.clear()
    seed.projects.filter(position=30).update(name="改名后的项目")
    content = render(seed).content
    assert len(count_layouts) == 1, "one layout call"
    assert count_layouts[0].count('class="toc"') == 1
    assert count_layouts[0].count('class="project"') == 1
    assert (
        "30.改名后的项目绩效目标表",
        footer_number(next(p for p in pdf_pages(content) if norm(p).startswith("30.改名后的项目"))),
    ) in toc_lines(content)
