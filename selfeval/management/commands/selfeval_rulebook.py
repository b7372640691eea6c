from review.rulebook_doc import RulebookDocCommand
from selfeval.rulebook import rulebook_markdown


class Command(RulebookDocCommand):
    help = (
        "根据 selfeval/scoring.py、selfeval/rulebook.py 和设置生成 docs/selfeval-rules.md；--check 只检查文件是否最新。"
    )
    page = "docs/selfeval-rules.md"
    sources = "代码"
    markdown = staticmethod(rulebook_markdown)
