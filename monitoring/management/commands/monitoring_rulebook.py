from monitoring.rulebook import rulebook_markdown
from review.rulebook_doc import RulebookDocCommand


class Command(RulebookDocCommand):
    help = (
        "根据 monitoring/lights.py 和 monitoring/checks.py 生成 docs/monitoring-rules.md；--check 只检查文件是否最新。"
    )
    page = "docs/monitoring-rules.md"
    sources = "代码"
    markdown = staticmethod(rulebook_markdown)
