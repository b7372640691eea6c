"""What the printed document must say, computed from the data itself, and ways to read it back."""

import html
import io
import re

from pypdf import PdfReader

from projects.models import DepartmentGoal, Document
from projects.money import format_money
from projects.numbering import chinese_numeral


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_texts(document: Document) -> list[str]:
    """Every text of the document in reading order, straight from the models (not from the report selector)."""
    texts = [document.department.name, f"{document.year}年部门预算绩效文本"]
    if document.status != Document.Status.APPROVED:
        texts.append("（草案）")
    texts += [f"{document.prepared_by}编制", f"{document.approving_authority}审核", "第一部分", "部门整体绩效目标"]
    for n, kind in enumerate(DepartmentGoal.Kind, 1):
        texts.append(f"{chinese_numeral(n)}、{kind.label}")
        goals = document.goals.filter(kind=kind).order_by("position", "id")
        texts += [f"（{chinese_numeral(i)}）、{goal.text}" for i, goal in enumerate(goals, 1)]
    texts += ["第二部分", "预算项目绩效目标"]
    for n, project in enumerate(document.projects.order_by("position", "id"), 1):
        texts += [f"{n}.{project.name}绩效目标表", f"{project.unit.code}{project.unit.name}", "单位：万元"]
        texts += ["项目编码", project.code, "项目名称", project.name, "预算规模及资金用途"]
        texts += [
            "预算数",
            format_money(project.budget),
            "其中：财政资金",
            format_money(project.fiscal_funds),
            "其他资金",
        ]
        texts += [format_money(project.other_funds, blank_zero=True), project.purpose, "资金支出计划（%）"]
        amounts = {entry.month: entry.amount for entry in project.plan_entries.all()}
        texts += [f"{month}月底" for month in document.checkpoint_months]
        texts += [format_money(amounts.get(month)) for month in document.checkpoint_months]
        texts += [
            "绩效目标",
            project.goal,
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标描述",
            "指标值",
            "指标值确定依据",
        ]
        previous = (None, None)
        for indicator in project.indicators.select_related("subcategory__category").order_by("position", "id"):
            category, subcategory = indicator.subcategory.category, indicator.subcategory
            if category != previous[0]:
                texts.append(category.name)
            if (category, subcategory) != previous:
                texts.append(subcategory.name)
            texts += [indicator.name, indicator.description, indicator.value_text, indicator.basis_display]
            previous = (category, subcategory)
    return [norm(text) for text in texts if norm(text)]


def missing_in_order(expected: list[str], text: str) -> list[str]:
    """The expected texts not found in `text` after the previous one, whitespace aside."""
    text, position, missing = norm(text), 0, []
    for item in expected:
        at = text.find(item, position)
        if at < 0:
            missing.append(item)
        else:
            position = at + len(item)
    return missing


def html_text(content: str) -> str:
    content = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", content)
    return html.unescape(re.sub(r"<[^>]+>", " ", content))


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def footer_number(page_text: str) -> int | None:
    """The number printed in the page's footer, drawn last on the page: "— 3 —"."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    match = re.fullmatch(r"—\s*(\d+)\s*—", lines[-1]) if lines else None
    return int(match.group(1)) if match else None
