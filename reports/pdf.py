"""The printed document as HTML and PDF.

The PDF is assembled from parts laid out separately: the cover with the 目录, Part 1, and one part per project
(each starts on a new page, so none depends on another's layout). Parts are keyed by a hash of their HTML and
kept in the report store, laid out in parallel (by several layout processes of a task worker, and by several
task workers when a render fans out), and joined with pypdf; the footer numbers and the 目录's numbers are drawn
onto the joined pages afterwards, from the page counts of the parts, in the document's own font, and each font is
embedded once for the whole PDF (reports.fonts). Editing one project therefore lays out one part again, not the
document."""

import gc
import hashlib
import io
import math
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject

from projects.selectors import DocumentReport, ProjectSheet
from projects.text import without_control_characters
from reports import store
from reports.fonts import SharedFonts
from reports.layout import Layout, lay_out
from reports.models import ReportPart

# Part of every content hash: bump it when the assembly changes what a part's PDF looks like.
RENDERER_VERSION = "2"
# Parts laid out by one WeasyPrint call: each call subsets its fonts (about 0.1 s), so fewer calls are quicker,
# while enough calls keep both cores busy and each worker's memory bounded. The joined PDF embeds each font once.
MIN_CHUNK_PARTS = 4
MAX_CHUNK_PARTS = 15
# A project whose merged 一级/二级 cells cross pages is laid out again with the cells cut at the breaks; cutting
# can move rows, so this is retried a few times at most.
MAX_SPLIT_PASSES = 3

# 目录 lines per page: a page holds about 27 one-line entries, so this leaves room for a few that wrap; a page
# with more wrapping entries runs onto a second page.
TOC_PAGE_ENTRIES = 24

# Numbers drawn onto the joined pages, in the body font (reports.fonts.NUMBER_FONT_FAMILY).
NUMBER_FONT = NameObject("/BPNum")
FOOTER_SIZE = 10.5
FOOTER_BASELINE = 34  # points above the bottom edge, inside the 20 mm bottom margin
TOC_NUMBER_SIZE = 12  # the 目录's font size; keep .toc-page in print.css as wide as TOC_NUMBER_WIDTH
TOC_NUMBER_WIDTH = 30
TOC_LINK_LEFT = 56.7  # the left page margin, 20 mm: a 目录 line is clickable from there to its number


@cache
def print_css() -> str:
    with open(finders.find("reports/print.css"), encoding="utf-8") as css:
        return css.read()


def _hash(*texts: str) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _render(template: str, context: dict) -> str:
    # The official document is Chinese whatever language the reader's interface is in.
    # Control characters stored before input refused them would print as empty boxes; dropping them cannot
    # make markup, so the rendered HTML stays as safe as the template made it.
    with translation.override("zh-hans"):
        return mark_safe(without_control_characters(render_to_string(template, context)))


@dataclass(frozen=True)
class TocEntry:
    level: str  # part, section or project
    text: str
    anchor: str  # id of the heading it points to
    slot: str  # id of the place its page number is drawn


@dataclass(frozen=True)
class Part:
    """A piece of the PDF laid out on its own, starting on a new page: the cover, a page of the 目录, Part 1
    (with the 第二部分 title page), or one project."""

    kind: str  # cover, toc, part-one or project
    key: str
    html: str
    anchor: str  # id of its first element
    table: ProjectSheet | None = None
    slots: tuple[str, ...] = ()  # of a 目录 page: the ids of the places its page numbers go


@dataclass(frozen=True)
class DocumentSources:
    """The HTML of every part of one document and the hash of it all, which is also the PDF's ETag."""

    report: DocumentReport
    toc: list[TocEntry]
    parts: list[Part]
    etag: str

    @property
    def slug(self) -> str:
        return f"{self.report.department.code}-{self.report.document.year}"

    @property
    def filename(self) -> str:
        return pdf_filename(self.report.document)

    @property
    def body_html(self) -> str:
        return mark_safe("".join(part.html for part in self.parts))


def pdf_filename(document) -> str:
    return f"{document.department.name}{document.year}年部门预算绩效文本.pdf"


def toc_entries(report: DocumentReport) -> list[TocEntry]:
    entries = [("part", "第一部分 部门整体绩效目标", "part-1")]
    entries += [("section", f"{s.number}、{s.title}", f"section-{n}") for n, s in enumerate(report.goal_sections, 1)]
    entries.append(("part", "第二部分 预算项目绩效目标", "part-2"))
    entries += [("project", f"{t.number}.{t.title}", f"project-{t.number}") for t in report.projects]
    return [TocEntry(level, text, anchor, f"toc-page-{i}") for i, (level, text, anchor) in enumerate(entries)]


def project_html(table: ProjectSheet, report: DocumentReport) -> str:
    return _render("reports/_project.html", {"table": table, "document": report.document})


def document_sources(report: DocumentReport, *, only: set[str] | None = None) -> DocumentSources:
    """Every part of the document, or with `only` the parts whose anchors it names (a layout task's share)."""
    css = print_css()
    toc = toc_entries(report)
    parts = []
    if only is None or "cover" in only:
        cover = _render("reports/_cover.html", {"document": report.document})
        parts.append(Part("cover", _hash(RENDERER_VERSION, css, cover), cover, "cover"))
    # The 目录 is laid out a page at a time, so that renaming a project lays out one page of it again, not all.
    for number, start in enumerate(range(0, len(toc), TOC_PAGE_ENTRIES)):
        anchor = f"toc-{number}"
        if only is None or anchor in only:
            entries = toc[start : start + TOC_PAGE_ENTRIES]
            # The PDF's 目录 links are added when the parts are joined; within a part they would point nowhere.
            html = _render("reports/_toc.html", {"toc": entries, "linked": False, "toc_id": anchor, "page": number})
            slots = tuple(entry.slot for entry in entries)
            parts.append(Part("toc", _hash(RENDERER_VERSION, css, html), html, anchor, slots=slots))
    if only is None or "part-1" in only:
        body = _render("reports/_part1.html", {"report": report})
        parts.append(Part("part-one", _hash(RENDERER_VERSION, css, body), body, "part-1"))
    for table in report.projects:
        anchor = f"project-{table.number}"
        if only is None or anchor in only:
            html = project_html(table, report)
            parts.append(Part("project", _hash(RENDERER_VERSION, css, html), html, anchor, table))
    return DocumentSources(report, toc, parts, _hash(*(part.key for part in parts)))


@cache
def renderer_fingerprint() -> str:
    """Changes whenever a deployment changes how a document prints, so PDFs made before are not taken as
    current."""
    names = ["print", "_cover", "_toc", "_part1", "_project"]
    sources = [get_template(f"reports/{name}.html").template.source for name in names]
    return _hash(RENDERER_VERSION, print_css(), *sources)


def standalone_html(sources: DocumentSources, *, body: str | None = None, inline_css: bool = True) -> str:
    """A complete HTML file, by default with the print stylesheet inline: what the command writes. The layout
    workers get the stylesheet parsed once instead (inline_css=False)."""
    return _render(
        "reports/print.html",
        {
            "title": str(sources.report.document),
            "inline_css": print_css() if inline_css else "",
            "body": mark_safe(body if body is not None else sources.body_html),
        },
    )


def _workers() -> int:
    return settings.REPORTS_LAYOUT_PROCESSES


_pools: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor:
    if workers not in _pools:
        # Only task workers and commands get here, never a web process.
        # fork: the workers start with WeasyPrint already imported, in milliseconds instead of half a second.
        # Freezing what they inherit keeps their garbage collector off those objects, so the pages stay shared
        # with this process instead of being copied into every worker.
        _pools[workers] = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("fork"), initializer=gc.freeze
        )
    return _pools[workers]


def shut_down_workers() -> None:
    """Ends the layout processes; the next PDF starts new ones."""
    while _pools:
        _pools.popitem()[1].shutdown()


def _chunks(parts: list[Part], workers: int) -> list[list[Part]]:
    """Large chunks first, shrinking towards the end, so the cores finish together; no chunk is so small that
    its own font subsets cost more than its layout, nor so large that a worker's memory balloons."""
    chunks, start = [], 0
    while start < len(parts):
        size = math.ceil((len(parts) - start) / (2 * workers))
        size = min(MAX_CHUNK_PARTS, max(MIN_CHUNK_PARTS, size))
        if len(parts) - start - size < MIN_CHUNK_PARTS:
            size = len(parts) - start
        chunks.append(parts[start : start + size])
        start += size
    return chunks


@dataclass(frozen=True)
class PartEntry:
    """Where one laid-out part sits: pages [first, first + pages) of a chunk (see ReportPart)."""

    chunk: str
    first: int
    pages: int
    marks: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class _Job:
    key: str
    html: str
    parts: list[Part]
    split_pass: int = 0


@dataclass
class _Build:
    """The state of one PDF build: where each part sits, and the chunks laid out by this build."""

    sources: DocumentSources
    use_cache: bool
    entries: dict[str, PartEntry] = field(default_factory=dict)
    chunks: dict[str, bytes] = field(default_factory=dict)

    def job(self, parts: list[Part], split_pass: int = 0) -> _Job:
        key = _hash(*(part.key for part in parts), *(part.html for part in parts if split_pass))
        html = standalone_html(self.sources, body="".join(part.html for part in parts), inline_css=False)
        return _Job(key, html, parts, split_pass)


def _split_job(build: _Build, part: Part, layout: Layout, first: int, split_pass: int) -> _Job | None:
    """A new layout of a project whose merged 一级/二级 cells cross a page break, with the cells cut there."""
    table = part.table
    pages = [layout.anchors[f"{part.anchor}-row-{i}"].page - first for i in range(1, len(table.rows) + 1)]
    split = table.split_at_pages(pages)
    if split_pass >= MAX_SPLIT_PASSES or [_spans(r) for r in split.rows] == [_spans(r) for r in table.rows]:
        return None
    return build.job(
        [Part(part.kind, part.key, project_html(split, build.sources.report), part.anchor, split)], split_pass + 1
    )


def _spans(row) -> tuple[int, int]:
    return row.category_rowspan, row.subcategory_rowspan


def _marks(build: _Build, part: Part, layout: Layout, first: int) -> dict[str, list[float]]:
    toc = build.sources.toc
    if part.kind == "toc":
        return {
            slot: [layout.anchors[slot].page - first, layout.anchors[slot].x, layout.anchors[slot].y]
            for slot in part.slots
        }
    if part.kind == "part-one":
        return {e.anchor: [layout.anchors[e.anchor].page - first] for e in toc if e.level != "project"}
    return {}


def _take_layout(build: _Build, job: _Job, layout: Layout) -> list[_Job]:
    """Records where each part of a laid-out chunk sits; returns the layouts still needed."""
    chunk = store.save_chunk(job.key, layout.pdf).name if build.use_cache else job.key
    build.chunks[chunk] = layout.pdf
    firsts = [layout.anchors[part.anchor].page for part in job.parts] + [layout.pages]
    follow, laid_out = [], []
    for part, first, end in zip(job.parts, firsts, firsts[1:], strict=False):
        if (
            part.table is not None
            and end - first > 1
            and (again := _split_job(build, part, layout, first, job.split_pass))
        ):
            follow.append(again)
            continue
        entry = PartEntry(chunk, first, end - first, _marks(build, part, layout, first))
        build.entries[part.key] = entry
        laid_out.append(
            ReportPart(
                key=part.key, chunk_id=chunk, first=first, pages=entry.pages, marks=entry.marks, used_at=timezone.now()
            )
        )
    if build.use_cache:
        store.save_parts(laid_out)
    return follow


def _lay_out_all(
    build: _Build, jobs: list[_Job], progress: Callable[[int, int], None] | None, meanwhile: Callable[[], None]
) -> None:
    """Lays out the jobs, in the worker processes when there are several cores, running `meanwhile` here while
    they work; `progress` hears (parts laid out, parts to lay out) after each job."""
    total, done = sum(len(job.parts) for job in jobs), 0

    def finished(job: _Job, layout: Layout) -> list[_Job]:
        nonlocal total, done
        follow = _take_layout(build, job, layout)
        total += sum(len(again.parts) for again in follow)
        done += len(job.parts)
        if progress:
            progress(done, total)
        return follow

    workers = _workers()
    if workers == 1 or not jobs:
        meanwhile()
        queue = list(jobs)
        while queue:
            job = queue.pop(0)
            queue += finished(job, lay_out(job.html, print_css()))
        return
    pool = _pool(workers)
    pending: dict[Future, _Job] = {pool.submit(lay_out, job.html, print_css()): job for job in jobs}
    meanwhile()
    while pending:
        for future in wait(pending, return_when=FIRST_COMPLETED).done:
            for again in finished(pending.pop(future), future.result()):
                pending[pool.submit(lay_out, again.html, print_css())] = again


@dataclass(frozen=True)
class DocumentPdf:
    content: bytes
    pages: int
    etag: str


def _prepare(sources: DocumentSources, use_cache: bool) -> tuple[_Build, list[Part]]:
    """A build holding the parts laid out before, and the parts still to lay out."""
    build = _Build(sources, use_cache)
    stored = store.stored_parts([part.key for part in sources.parts]) if use_cache else {}
    missing = []
    for part in sources.parts:
        if part.key in stored:
            row = stored[part.key]
            build.entries[part.key] = PartEntry(row.chunk_id, row.first, row.pages, row.marks)
        else:
            missing.append(part)
    return build, missing


def missing_parts(sources: DocumentSources) -> list[Part]:
    """The parts of `sources` not laid out yet."""
    return _prepare(sources, use_cache=True)[1]


def lay_out_parts(sources: DocumentSources, *, progress: Callable[[int, int], None] | None = None) -> None:
    """Lays out and keeps the parts of `sources` not laid out yet: one layout task's share of a render."""
    build, missing = _prepare(sources, use_cache=True)
    _lay_out_all(build, [build.job(chunk) for chunk in _chunks(missing, _workers())], progress, lambda: None)


def build_pdf(
    sources: DocumentSources, *, use_cache: bool = True, progress: Callable[[int, int], None] | None = None
) -> DocumentPdf:
    """The PDF of the document; with use_cache, parts laid out before are reused and new ones kept."""
    build, missing = _prepare(sources, use_cache)
    readers: dict[str, PdfReader] = {}

    def read_stored_parts():
        # Parsing the stored parts' page trees takes a while for a large document; done during the layout, it
        # is off the critical path of a render after an edit.
        for entry in build.entries.values():
            len(_reader(build, readers, entry.chunk).pages)

    try:
        _lay_out_all(build, [build.job(chunk) for chunk in _chunks(missing, _workers())], progress, read_stored_parts)
        content, pages = _assemble(build, readers)
    finally:
        for reader in readers.values():
            reader.stream.close()
    return DocumentPdf(content, pages, sources.etag)


def _reader(build: _Build, readers: dict[str, PdfReader], chunk: str) -> PdfReader:
    if chunk not in readers:
        data = build.chunks.get(chunk)
        readers[chunk] = PdfReader(io.BytesIO(data) if data is not None else store.open_chunk(chunk))
    return readers[chunk]


def _assemble(build: _Build, readers: dict[str, PdfReader]) -> tuple[bytes, int]:
    sources = build.sources
    writer = PdfWriter()
    fonts = SharedFonts(writer)
    numbers: dict[str, int] = {}  # printed page number of each heading the 目录 lists
    printed = 1  # numbering starts at 1 with Part 1, after the cover and the 目录, as in the official document
    first_printed = 0  # index in the joined PDF of the page printed as 1
    slots: dict[str, tuple[int, list[float]]] = {}  # where each 目录 number goes: page in the joined PDF, x, y
    for part in sources.parts:
        entry = build.entries[part.key]
        start = len(writer.pages)
        for page in _reader(build, readers, entry.chunk).pages[entry.first : entry.first + entry.pages]:
            fonts.use(writer.add_page(page))
        if part.kind in ("cover", "toc"):
            first_printed = start + entry.pages
            slots.update({slot: (start + int(mark[0]), mark[1:]) for slot, mark in entry.marks.items()})
            continue
        for n in range(entry.pages):
            page = writer.pages[start + n]
            _stamp(writer, page, [_footer(fonts, page, printed + n)], fonts.number_font())
        numbers[part.anchor] = printed
        numbers.update({name: printed + int(mark[0]) for name, mark in entry.marks.items()})
        writer.add_outline_item(f"{part.table.number}.{part.table.title}" if part.table else "第一部分", start)
        printed += entry.pages
    for toc in sources.toc:
        page_index, (x, y) = slots[toc.slot]
        number, width = fonts.number_text(str(numbers[toc.anchor]))
        page = writer.pages[page_index]
        right_aligned = (x + TOC_NUMBER_WIDTH - width * TOC_NUMBER_SIZE, y, TOC_NUMBER_SIZE, number)
        _stamp(writer, page, [right_aligned], fonts.number_font())
        line = (TOC_LINK_LEFT, y - 4, x + TOC_NUMBER_WIDTH, y + TOC_NUMBER_SIZE)
        target = first_printed + numbers[toc.anchor] - 1
        writer.add_annotation(page_index, Link(rect=line, target_page_index=target))
    fonts.finish()
    writer.add_metadata({"/Title": str(sources.report.document)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def _footer(fonts: SharedFonts, page, number: int) -> tuple[float, float, float, bytes]:
    text, width = fonts.number_text(f"— {number} —")
    middle = float(page.mediabox.width) / 2
    return (middle - width * FOOTER_SIZE / 2, FOOTER_BASELINE, FOOTER_SIZE, text)


def _stamp(writer: PdfWriter, page, texts: list[tuple[float, float, float, bytes]], font: IndirectObject) -> None:
    """Draws texts (encoded for `font`) after the page's own content, in the graphics state the page started with."""
    ops = [
        b"BT %s %g Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET" % (NUMBER_FONT.encode(), size, x, y, text)
        for x, y, size, text in texts
    ]
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ\n" + b"\n".join(ops) + b"\n")
    contents = page["/Contents"]
    existing = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    # Streams must be indirect objects; pypdf has no public call that adds one without re-encoding the page.
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *existing, writer._add_object(after)])
    resources = page["/Resources"].get_object()
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    resources["/Font"].get_object()[NUMBER_FONT] = font
