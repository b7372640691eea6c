"""What a monitoring entry must be, for the form, the Excel import and the findings alike; Chinese messages."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.values import parse_target
from monitoring.models import Cause, Likelihood, Outcome

CAUSE_SEPARATORS = re.compile(r"[、,，;；]")


@dataclass(frozen=True)
class Actual:
    """实际完成值 as stored: the text, and its number for a quantitative indicator."""

    text: str
    number: Decimal | None = None


def parse_actual(indicator: Indicator, raw: str) -> Actual:
    """Read 实际完成值 like a 指标值 (indicators.values.parse_target): for a quantitative indicator a number in the
    target's unit (the unit may be left out), for a qualitative one 达成, 部分达成 or 未达成. Blank is allowed."""
    text = (raw or "").strip()
    if not text:
        return Actual("")
    if indicator.is_qualitative:
        if text not in Outcome.values:
            raise ValidationError(
                _("定性指标的实际完成值只能是：%(choices)s，不能是“%(value)s”。")
                % {"choices": "、".join(Outcome.values), "value": text},
                code="outcome",
            )
        return Actual(text)
    parsed = parse_target(text)
    if parsed.number is None or parsed.comparator:
        raise ValidationError(
            _("实际完成值“%(value)s”应为一个数值（单位同指标值“%(target)s”），不带比较符号。")
            % {"value": text, "target": indicator.value_text},
            code="number",
        )
    if parsed.unit and parsed.unit != indicator.unit:
        raise ValidationError(
            _("实际完成值“%(value)s”的单位“%(unit)s”与指标值“%(target)s”的单位“%(target_unit)s”不一致。")
            % {
                "value": text,
                "unit": parsed.unit,
                "target": indicator.value_text,
                "target_unit": indicator.unit or _("（无）"),
            },
            code="unit",
        )
    return Actual(text, parsed.number)


def parse_causes(raw: str) -> list[str]:
    """偏差原因, several separated by 、 or ,; in the order of Cause."""
    parts = [p.strip() for p in CAUSE_SEPARATORS.split(raw or "") if p.strip()]
    unknown = [p for p in parts if p not in Cause.values]
    if unknown:
        raise ValidationError(
            _("偏差原因“%(value)s”无效，可选：%(choices)s。")
            % {"value": "、".join(unknown), "choices": "、".join(Cause.values)},
            code="cause",
        )
    return [c for c in Cause.values if c in parts]


def parse_likelihood(raw: str) -> str:
    text = (raw or "").strip()
    if text and text not in Likelihood.values:
        raise ValidationError(
            _("完成目标可能性“%(value)s”无效，可选：%(choices)s。")
            % {"value": text, "choices": "、".join(Likelihood.values)},
            code="likelihood",
        )
    return text


def check_spending(
    *, fiscal: Decimal, other: Decimal, annual_budget: Decimal, earlier: tuple[Decimal, Decimal] | None
) -> dict[str, list[str]]:
    """Errors by field: 执行数 above 全年预算数, or a cumulative amount lower than an earlier round's."""
    errors: dict[str, list[str]] = {}
    if fiscal + other > annual_budget:
        errors.setdefault("fiscal_spent", []).append(
            _("执行数 %(spent)s（财政资金 + 其他资金）超过全年预算数 %(budget)s。")
            % {"spent": f"{fiscal + other:.2f}", "budget": f"{annual_budget:.2f}"}
        )
    if earlier is not None:
        for field, amount, before, label in (
            ("fiscal_spent", fiscal, earlier[0], _("财政资金执行数")),
            ("other_spent", other, earlier[1], _("其他资金执行数")),
        ):
            if amount < before:
                errors.setdefault(field, []).append(
                    _("%(label)s是累计数，%(amount)s 少于上一轮监控的 %(before)s。")
                    % {"label": label, "amount": f"{amount:.2f}", "before": f"{before:.2f}"}
                )
    return errors
