"""docs/review-rules.md is generated from review/rulebook.py and must not drift from it."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from review.rulebook import RULES, rulebook_markdown

RULEBOOK = settings.BASE_DIR / "docs" / "review-rules.md"


def test_the_rulebook_in_docs_matches_the_code():
    assert RULEBOOK.read_text(encoding="utf-8") == rulebook_markdown(), (
        "docs/review-rules.md is out of date: run `python manage.py review_rulebook`"
    )


def test_the_rulebook_lists_every_rule_with_severity_and_source():
    text = rulebook_markdown()
    for rule in RULES:
        assert f"## `{rule.id}` {rule.summary}" in text
        assert f"- 严重程度：**{rule.severity.value}**。{rule.why}" in text
        assert f"- 依据：{rule.source}" in text


def test_the_check_option_fails_when_the_file_is_stale(monkeypatch, tmp_path):
    stale = tmp_path / "review-rules.md"
    stale.write_text("旧版本\n", encoding="utf-8")
    monkeypatch.setattr("review.management.commands.review_rulebook.Command.page", str(stale))
    with pytest.raises(CommandError, match="不一致"):
        call_command("review_rulebook", "--check")
    call_command("review_rulebook", stdout=StringIO())
    assert stale.read_text(encoding="utf-8") == rulebook_markdown()
    call_command("review_rulebook", "--check")
