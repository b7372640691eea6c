"""The report store: laid-out chunks and finished PDFs in the "reports" storage, indexed by database rows.

Every file gets a fresh name and is written whole before a row names it, so a reader on any machine sees either
nothing or a complete file, and a process killed while writing leaves only an unnamed file that prune_reports
removes. Parts are keyed by a hash of the HTML they were laid out from, so a stale part can never be used."""

import uuid
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from reports.models import ReportChunk, ReportPart

STORAGE = "reports"
CHUNKS = "chunks"
DOCUMENTS = "documents"


def storage():
    return storages[STORAGE]


def _save_new(folder: str, stem: str, data: bytes) -> str:
    return storage().save(f"{folder}/{stem}-{uuid.uuid4().hex[:12]}.pdf", ContentFile(data))


def save_chunk(key: str, pdf: bytes) -> ReportChunk:
    return ReportChunk.objects.create(name=_save_new(CHUNKS, key, pdf), size=len(pdf))


def save_parts(parts: Iterable[ReportPart]) -> None:
    """Records laid-out parts; a part laid out meanwhile by another render is replaced, both are the same."""
    parts = list(parts)
    ReportPart.objects.bulk_create(
        parts,
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["chunk", "first", "pages", "marks", "used_at"],
    )


def stored_parts(keys: list[str]) -> dict[str, ReportPart]:
    """The parts of `keys` already laid out. They are marked as used before they are read, so that pruning,
    which removes parts unused for a while, either leaves them alone or removes them before they are found.
    A part whose chunk file has gone (the folder was emptied by hand) counts as not laid out."""
    ReportPart.objects.filter(key__in=keys).update(used_at=timezone.now())
    found = {part.key: part for part in ReportPart.objects.filter(key__in=keys).select_related("chunk")}
    missing_files = {name for name in {p.chunk_id for p in found.values()} if not storage().exists(name)}
    if missing_files:
        ReportChunk.objects.filter(name__in=missing_files).delete()
        found = {key: part for key, part in found.items() if part.chunk_id not in missing_files}
    return found


def stored_files() -> list[str]:
    """Every file in the report store, by name."""
    names = []
    for folder in (CHUNKS, DOCUMENTS):
        try:
            folders, files = storage().listdir(folder)
        except FileNotFoundError:
            continue
        names += [f"{folder}/{name}" for name in files]
        for sub in folders:
            names += [f"{folder}/{sub}/{name}" for name in storage().listdir(f"{folder}/{sub}")[1]]
    return names


def open_chunk(name: str):
    return storage().open(name, "rb")


def save_document_pdf(slug: str, etag: str, pdf: bytes) -> str:
    return _save_new(f"{DOCUMENTS}/{slug}", etag, pdf)


def open_pdf(name: str):
    return storage().open(name, "rb")


def pdf_exists(name: str) -> bool:
    return bool(name) and storage().exists(name)
