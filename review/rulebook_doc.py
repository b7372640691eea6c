"""The command behind every generated rulebook page (review, monitoring, self-evaluation): write the page from
the code, or with --check fail when the page in docs/ no longer matches it."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class RulebookDocCommand(BaseCommand):
    page = ""  # the page's path under the project, e.g. "docs/review-rules.md"
    sources = ""  # what the page is generated from, for the --check message
    markdown: Callable[[], str]  # the page's text, from the code

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="文件与代码不一致时退出码为1，不写文件")

    def handle(self, *args, check, **options):
        path = Path(settings.BASE_DIR) / self.page
        text = self.markdown()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{self.page} 与 {self.sources} 不一致，请运行 {self.command_name()}。")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {path}")

    def command_name(self) -> str:
        return self.__module__.rpartition(".")[2]
