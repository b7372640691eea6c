import pytest


@pytest.fixture(autouse=True)
def report_store(settings, tmp_path):
    """Each test starts with an empty report store and lays out in its own process, so renders can be counted."""
    settings.REPORTS_CACHE_DIR = tmp_path / "report-store"
    settings.REPORTS_PDF_WORKERS = 1
    return settings.REPORTS_CACHE_DIR
