from review.rulebook import rulebook_markdown
from review.rulebook_doc import RulebookDocCommand


class Command(RulebookDocCommand):
    help = "根据 review/rulebook.py 生成 docs/review-rules.md；--check 只检查文件是否最新。"
    page = "docs/review-rules.md"
    sources = "review/rulebook.py"
    markdown = staticmethod(rulebook_markdown)
