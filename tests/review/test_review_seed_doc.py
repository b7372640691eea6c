"""docs/seed-review.md explains every finding the review reports on the seed, word for word."""

import re

from django.conf import settings

from review.rulebook import review_document

SEED_REVIEW = settings.BASE_DIR / "docs" / "seed-review.md"


def test_every_seed_finding_is_explained_in_the_docs(seed):
    text = SEED_REVIEW.read_text(encoding="utf-8")
    findings = review_document(seed)
    rows = re.findall(r"^\| \d+ \| (\S+) \| (\S+) \| (.+?) \| (.+) \|$", text, flags=re.MULTILINE)
    assert [(code, rule, message) for code, rule, message, _ in rows] == [
        (f.project.code, f.rule, f.message) for f in findings
    ]
    assert all(explanation.strip() for *_, explanation in rows)


def test_the_docs_state_the_seed_counts(seed):
    findings = review_document(seed)
    errors = sum(f.is_blocking for f in findings)
    text = SEED_REVIEW.read_text(encoding="utf-8")
    assert f"**{len(findings)} findings: {errors} 错误, {len(findings) - errors} 提示**" in text
