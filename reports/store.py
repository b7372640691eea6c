"""Files under var/cache/reports: rendered chunks, where each part sits in them, and each document's last PDF.

Everything is keyed by a hash of the HTML it was rendered from, so a stale entry can never be served: a changed
project has a new key. Writes go to a temporary file first and are renamed into place, so concurrent readers
in other processes see either nothing or a whole file."""

import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

# A render that has not reported progress for this long is taken to have died with its process.
STALE_JOB_SECONDS = 600


@dataclass(frozen=True)
class PartEntry:
    """Where one rendered part (Part 1, or one project) sits: pages [first, first + pages) of a chunk file."""

    chunk: str
    first: int
    pages: int
    # Places found in the layout: for Part 1 the page (within the part) of each heading the 目录 lists, for the
    # front the page and position of each 目录 page-number slot.
    marks: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class LatestPdf:
    etag: str
    pages: int
    generated_at: datetime
    path: Path


def store_root() -> Path:
    return Path(settings.REPORTS_CACHE_DIR)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def chunk_path(chunk: str) -> Path:
    return store_root() / "chunks" / f"{chunk}.pdf"


def save_chunk(chunk: str, pdf: bytes) -> None:
    _write_atomically(chunk_path(chunk), pdf)


def get_part(key: str) -> PartEntry | None:
    data = _read_json(store_root() / "parts" / f"{key}.json")
    if data is None:
        return None
    entry = PartEntry(**data)
    return entry if chunk_path(entry.chunk).exists() else None


def save_part(key: str, entry: PartEntry) -> None:
    _write_atomically(store_root() / "parts" / f"{key}.json", json.dumps(asdict(entry)).encode())


def _document_dir(slug: str) -> Path:
    return store_root() / "documents" / slug


def document_pdf_path(slug: str, etag: str) -> Path | None:
    path = _document_dir(slug) / f"{etag}.pdf"
    return path if path.exists() else None


def save_document_pdf(slug: str, etag: str, pdf: bytes, pages: int) -> LatestPdf:
    """Keeps this PDF as the document's last complete one and drops the versions before it."""
    folder = _document_dir(slug)
    path = folder / f"{etag}.pdf"
    _write_atomically(path, pdf)
    generated_at = datetime.now(UTC)
    meta = {"etag": etag, "pages": pages, "generated_at": generated_at.isoformat()}
    _write_atomically(folder / "latest.json", json.dumps(meta).encode())
    for old in folder.glob("*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return LatestPdf(etag, pages, generated_at, path)


def latest_pdf(slug: str) -> LatestPdf | None:
    meta = _read_json(_document_dir(slug) / "latest.json")
    if meta is None:
        return None
    path = _document_dir(slug) / f"{meta['etag']}.pdf"
    if not path.exists():
        return None
    return LatestPdf(meta["etag"], meta["pages"], datetime.fromisoformat(meta["generated_at"]), path)


def _job_path(slug: str, etag: str) -> Path:
    return _document_dir(slug) / f"{etag}.job"


def claim_job(slug: str, etag: str) -> bool:
    """True for the one caller that should render this version; False while another render of it is alive."""
    path = _job_path(slug, etag)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if time.time() - path.stat().st_mtime > STALE_JOB_SECONDS:
            path.unlink(missing_ok=True)
    except FileNotFoundError:
        pass
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as out:
        json.dump({"done": 0, "total": 0}, out)
    return True


def report_progress(slug: str, etag: str, done: int, total: int) -> None:
    _write_atomically(_job_path(slug, etag), json.dumps({"done": done, "total": total}).encode())


def job_progress(slug: str, etag: str) -> dict | None:
    return _read_json(_job_path(slug, etag))


def release_job(slug: str, etag: str) -> None:
    _job_path(slug, etag).unlink(missing_ok=True)
