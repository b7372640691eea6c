from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from selfeval.rulebook import rulebook_markdown

RULEBOOK = Path(settings.BASE_DIR) / "docs" / "selfeval-rules.md"


class Command(BaseCommand):
    help = (
        "根据 selfeval/scoring.py、selfeval/rulebook.py 和设置生成 docs/selfeval-rules.md；--check 只检查文件是否最新。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="文件与代码不一致时退出码为1，不写文件")

    def handle(self, *args, check, **options):
        text = rulebook_markdown()
        if check:
            if not RULEBOOK.exists() or RULEBOOK.read_text(encoding="utf-8") != text:
                raise CommandError("docs/selfeval-rules.md 与代码不一致，请运行 selfeval_rulebook。")
            return
        RULEBOOK.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {RULEBOOK}")
