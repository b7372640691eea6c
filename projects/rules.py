"""Rules that span several fields or rows, kept in one place.

Model clean() methods, admin formsets, browser forms, the Excel importer and the commands all call
these functions, so a rule and its Chinese message exist exactly once.
"""

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

PROJECT_CODE_PATTERN = r"^[0-9]{6}[0-9]{2}P[0-9]{11}[0-9A-Z]$"
_PROJECT_CODE = re.compile(PROJECT_CODE_PATTERN)
DEFAULT_CHECKPOINT_MONTHS = [3, 6, 10, 12]


def check_project_code(code: str, year: int | None) -> list[str]:
    """项目编码: 6-digit region + 2-digit year + P + 11 digits + a check character; year part = the document's."""
    if not _PROJECT_CODE.match(code or ""):
        return [
            _("项目编码“%(code)s”格式不正确：应为21位（6位区划码、2位年度、P、11位数字、1位校验码）。") % {"code": code}
        ]
    if year is not None and code[6:8] != f"{year % 100:02d}":
        return [
            _("项目编码“%(code)s”的年度位为“%(part)s”，与文档年度 %(year)s 不符（应为“%(expected)s”）。")
            % {"code": code, "part": code[6:8], "year": year, "expected": f"{year % 100:02d}"}
        ]
    return []


def check_unit_code(unit_code: str, department_code: str) -> list[str]:
    if not re.fullmatch(r"[0-9]{6}", unit_code or ""):
        return [_("单位编码“%(code)s”应为6位数字。") % {"code": unit_code}]
    if department_code and not unit_code.startswith(department_code):
        return [_("单位编码“%(code)s”应以所属部门编码“%(dept)s”开头。") % {"code": unit_code, "dept": department_code}]
    return []


def check_funds(budget: Decimal | None, fiscal: Decimal | None, other: Decimal | None) -> list[str]:
    if budget is None:
        return []
    total = (fiscal or Decimal("0")) + (other or Decimal("0"))
    if total != budget:
        return [
            _("预算数 %(budget)s 应等于财政资金 %(fiscal)s 与其他资金 %(other)s 之和（%(total)s）。")
            % {
                "budget": f"{budget:.2f}",
                "fiscal": f"{fiscal or 0:.2f}",
                "other": f"{other or 0:.2f}",
                "total": f"{total:.2f}",
            }
        ]
    return []


def check_checkpoint_months(months: Sequence) -> list[str]:
    if not isinstance(months, list | tuple) or not months:
        return [_("资金支出计划时间节点不能为空，如 3, 6, 10, 12。")]
    if not all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12 for m in months):
        return [_("资金支出计划时间节点必须是1到12之间的月份。")]
    if list(months) != sorted(set(months)):
        return [_("资金支出计划时间节点必须按月份从小到大排列且不能重复。")]
    if months[-1] != 12:
        return [_("资金支出计划的最后一个时间节点必须是12月底。")]
    return []


def check_plan(budget: Decimal | None, amounts: Mapping[int, Decimal | None], months: Sequence[int]) -> dict:
    """Cumulative amounts at month-end checkpoints: blanks allowed, never decreasing, the last equals 预算数.

    Returns {month: [messages]} so each message can be shown next to its checkpoint.
    """
    errors: dict[int, list[str]] = {}
    for month in amounts:
        if month not in months:
            errors.setdefault(month, []).append(_("%(month)s月底不是本文档的资金支出计划时间节点。") % {"month": month})
    previous_month, previous = None, None
    for month in months:
        amount = amounts.get(month)
        if amount is None:
            continue
        if amount < 0:
            errors.setdefault(month, []).append(_("%(month)s月底的计划数不能为负数。") % {"month": month})
        if previous is not None and amount < previous:
            errors.setdefault(month, []).append(
                _("资金支出计划是累计数，%(month)s月底的 %(amount)s 不能小于%(prev_month)s月底的 %(prev)s。")
                % {"month": month, "amount": f"{amount:.2f}", "prev_month": previous_month, "prev": f"{previous:.2f}"}
            )
        previous_month, previous = month, amount
    if months and budget is not None:
        last = months[-1]
        final = amounts.get(last)
        if final is None:
            errors.setdefault(last, []).append(
                _("%(month)s月底的累计计划数必须填写，且等于预算数 %(budget)s。")
                % {"month": last, "budget": f"{budget:.2f}"}
            )
        elif final != budget:
            errors.setdefault(last, []).append(
                _("%(month)s月底的累计计划数 %(amount)s 应等于预算数 %(budget)s。")
                % {"month": last, "amount": f"{final:.2f}", "budget": f"{budget:.2f}"}
            )
    return errors
