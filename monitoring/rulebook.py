"""docs/monitoring-rules.md, generated from the light rules (monitoring.lights) and the submission checks
(monitoring.checks), like docs/review-rules.md from review.rulebook."""

from django.conf import settings

from monitoring.checks import CHECKS
from monitoring.lights import CUMULATIVE_UNITS, LIGHT_RULES

INTRO = """\
# 运行监控预警规则 / Monitoring rules

本文件由 `python manage.py monitoring_rulebook` 根据 `monitoring/lights.py` 和 `monitoring/checks.py` 生成，
请勿手工修改；测试 `tests/monitoring/test_rulebook.py` 在本文件与代码不一致时失败。

预警灯（红、黄、绿、蓝）总是按下列规则计算，不能手工填写。所有比较都用精确的十进制数（按分数计算，比较前不四舍五入）；
页面和打印中显示的百分比保留两位小数，只供阅读。

阈值是设置项，可用同名环境变量修改（`budget_perf/settings.py`）：

| 设置 | 当前值 | 含义 |
|---|---|---|
| `MONITORING_RED_BELOW` | {red} | v 低于此值为红 |
| `MONITORING_GREEN_FROM` | {green} | v 不低于此值为绿，介于两者之间为黄 |
| `MONITORING_BLUE_RATIO` | {blue} | 正向指标 A ÷ T 不低于此值为蓝（目标可能定得过低） |
| `MONITORING_REVERSE_YELLOW_RATIO` | {reverse} | 反向指标 A ≤ 此倍数 × T 为黄 |

默认“按进度累计”的计量单位（其余单位、百分比、时长和无单位数值默认不累计，填报时可改）：{units}。

命令：`python manage.py monitoring_lights <部门编码> <年度> --month N` 按文档中的项目顺序，每个项目先输出
`P<TAB>项目编码<TAB>预算执行<TAB>灯` 和 `P<TAB>项目编码<TAB>计划执行<TAB>灯`，再每个指标一行
`I<TAB>项目编码<TAB>序号<TAB>灯`。
"""


def rulebook_markdown() -> str:
    lines = [
        INTRO.format(
            red=settings.MONITORING_RED_BELOW,
            green=settings.MONITORING_GREEN_FROM,
            blue=settings.MONITORING_BLUE_RATIO,
            reverse=settings.MONITORING_REVERSE_YELLOW_RATIO,
            units="、".join(sorted(CUMULATIVE_UNITS)),
        )
    ]
    lines.append("## 预警灯规则\n")
    lines.append("指标灯按下表顺序判断，第一条适用的规则决定灯色。\n")
    lines.append("| 编号 | 对象 | 规则 | 依据 |")
    lines.append("|---|---|---|---|")
    lines.extend(f"| `{r.id}` | {r.subject} | {r.summary} | {r.source} |" for r in LIGHT_RULES)
    lines.append("")
    lines.append("## 提交前检查\n")
    lines.append("**错误**阻止提交，**提示**只提醒。\n")
    lines.append("| 编号 | 严重程度 | 检查内容 | 依据 |")
    lines.append("|---|---|---|---|")
    lines.extend(f"| `{c.id}` | {c.severity.value} | {c.summary} | {c.source} |" for c in CHECKS)
    lines.append("")
    return "\n".join(lines)
