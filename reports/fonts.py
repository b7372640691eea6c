"""One subset of each font for the whole PDF, and the page numbers drawn in the document's own font.

Every chunk WeasyPrint lays out embeds its own subset of each font it uses, so the joined PDF carried the same
font several times. WeasyPrint keeps the original glyph ids in its subsets (the text is drawn with them), so a
single subset of the installed font file holding the glyphs of every chunk serves every page: the chunks'
subsets are dropped and their pages pointed at it. The footer and 目录 numbers, drawn after joining, use the
same font, its glyphs added to that subset.

Fonts are found by their PostScript name through fontconfig, as WeasyPrint found them; a font that cannot be
found is left as the chunks embedded it.
"""

import re
import subprocess
from dataclasses import dataclass, field
from functools import cache, lru_cache

from cffi import FFI
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

# The body font of print.css (.report), in which the page and 目录 numbers are drawn.
NUMBER_FONT_FAMILY = "Noto Serif CJK SC"
# Tables WeasyPrint drops from its subsets; the PDF needs none of them.
DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")
HB_SUBSET_FLAGS = 0x01 | 0x02 | 0x04 | 0x20  # no hinting, retain glyph ids, desubroutinize, keep unknown tables
HB_SUBSET_SETS_DROP_TABLE_TAG = 3
HB_OT_NAME_ID_POSTSCRIPT_NAME = 6

_ffi = FFI()
_ffi.cdef(
    """
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_font_t hb_font_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    typedef const struct hb_language_impl_t *hb_language_t;
    typedef uint32_t hb_codepoint_t;
    typedef int32_t hb_position_t;
    typedef int hb_bool_t;
    typedef uint32_t hb_tag_t;
    typedef enum { HB_MEMORY_MODE_DUPLICATE, HB_MEMORY_MODE_READONLY } hb_memory_mode_t;
    hb_blob_t *hb_blob_create(const char *data, unsigned int length, hb_memory_mode_t mode, void *user_data,
                              void *destroy);
    hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
    void hb_blob_destroy(hb_blob_t *blob);
    const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
    hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
    hb_blob_t *hb_face_reference_blob(hb_face_t *face);
    void hb_face_destroy(hb_face_t *face);
    unsigned int hb_face_get_upem(const hb_face_t *face);
    unsigned int hb_ot_name_get_utf8(hb_face_t *face, unsigned int name_id, hb_language_t language,
                                     unsigned int *text_size, char *text);
    hb_font_t *hb_font_create(hb_face_t *face);
    void hb_font_destroy(hb_font_t *font);
    hb_bool_t hb_font_get_nominal_glyph(hb_font_t *font, hb_codepoint_t unicode, hb_codepoint_t *glyph);
    hb_position_t hb_font_get_glyph_h_advance(hb_font_t *font, hb_codepoint_t glyph);
    void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
    hb_tag_t hb_tag_from_string(const char *str, int len);
    hb_subset_input_t *hb_subset_input_create_or_fail(void);
    void hb_subset_input_destroy(hb_subset_input_t *input);
    hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
    hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
    hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
    """
)
_hb = _ffi.dlopen("libharfbuzz.so.0")
_hb_subset = _ffi.dlopen("libharfbuzz-subset.so.0")


@dataclass(frozen=True)
class FontSource:
    path: str
    index: int


class _Face:
    """An installed font file opened with HarfBuzz; kept for the life of the process, like fontconfig's cache."""

    def __init__(self, source: FontSource):
        blob = _hb.hb_blob_create_from_file_or_fail(source.path.encode())
        if blob == _ffi.NULL:
            raise OSError(f"cannot read {source.path}")
        self.face = _hb.hb_face_create(blob, source.index)
        _hb.hb_blob_destroy(blob)
        self.font = _hb.hb_font_create(self.face)
        self.upem = _hb.hb_face_get_upem(self.face)
        self.glyphs: dict[str, int] = {}

    def glyph(self, char: str) -> int:
        if char not in self.glyphs:
            glyph = _ffi.new("hb_codepoint_t *")
            _hb.hb_font_get_nominal_glyph(self.font, ord(char), glyph)
            self.glyphs[char] = glyph[0]
        return self.glyphs[char]

    def width(self, glyph: int) -> float:
        """Advance width in PDF glyph space (1/1000 of the font size)."""
        return _hb.hb_font_get_glyph_h_advance(self.font, glyph) * 1000 / self.upem

    def subset(self, glyphs: set[int]) -> bytes:
        """The font with only `glyphs`, each at its original id: what WeasyPrint embeds, for all chunks at once."""
        subset_input = _ffi.gc(_hb_subset.hb_subset_input_create_or_fail(), _hb_subset.hb_subset_input_destroy)
        glyph_set = _hb_subset.hb_subset_input_glyph_set(subset_input)
        for glyph in sorted(glyphs | {0}):
            _hb.hb_set_add(glyph_set, glyph)
        drop = _hb_subset.hb_subset_input_set(subset_input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in DROPPED_TABLES:
            _hb.hb_set_add(drop, _hb.hb_tag_from_string(tag, -1))
        _hb_subset.hb_subset_input_set_flags(subset_input, HB_SUBSET_FLAGS)
        face = _hb_subset.hb_subset_or_fail(self.face, subset_input)
        if face == _ffi.NULL:
            raise OSError("HarfBuzz could not subset the font")
        try:
            return _blob_bytes(_hb.hb_face_reference_blob(face))
        finally:
            _hb.hb_face_destroy(face)


def _blob_bytes(blob) -> bytes:
    length = _ffi.new("unsigned int *")
    try:
        data = _hb.hb_blob_get_data(blob, length)
        return bytes(_ffi.buffer(data, length[0]))
    finally:
        _hb.hb_blob_destroy(blob)


@cache
def _face(source: FontSource) -> _Face:
    return _Face(source)


@cache
def _installed(pattern: str, *, match: bool) -> FontSource | None:
    command = ["fc-match" if match else "fc-list", pattern, "-f", "%{file}|%{index}\n"]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [line for line in output.splitlines() if "|" in line]
    if not lines:
        return None
    path, index = lines[0].rsplit("|", 1)
    return FontSource(path, int(index or 0))


@lru_cache(maxsize=16)
def _embedded_file(source: FontSource, glyphs: frozenset[int]):
    """The compressed font file stream for a subset and the CIDFont subtype it needs. Kept for the next build,
    which after a typical edit needs the same glyphs: one subset of a CJK face takes about 0.1 s. The stream is
    never changed once made, so one object serves every PDF that embeds it."""
    data = _face(source).subset(set(glyphs))
    file = DecodedStreamObject()
    file.set_data(data)
    if data[:4] == b"OTTO":
        file[NameObject("/Subtype")] = NameObject("/OpenType")
        subtype = "/CIDFontType0"
    else:
        file[NameObject("/Length1")] = NumberObject(len(data))
        subtype = "/CIDFontType2"
    return file.flate_encode(), subtype


def _postscript_name(embedded: bytes) -> str:
    blob = _hb.hb_blob_create(embedded, len(embedded), _hb.HB_MEMORY_MODE_READONLY, _ffi.NULL, _ffi.NULL)
    face = _hb.hb_face_create(blob, 0)
    try:
        size = _ffi.new("unsigned int *", 128)
        text = _ffi.new("char[128]")
        _hb.hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, _ffi.NULL, size, text)
        return _ffi.string(text).decode()
    finally:
        _hb.hb_face_destroy(face)
        _hb.hb_blob_destroy(blob)


_sources: dict[str, FontSource | None] = {}


def _source_of(base_font: str, font_file) -> FontSource | None:
    """The installed file a chunk's subset was cut from. WeasyPrint names a subset after a hash of the font's
    description, the same in every chunk, so only the first chunk's subset is opened to read its PostScript
    name; the other chunks' (each about 1 MB unpacked) are not."""
    if base_font not in _sources:
        name = _postscript_name(font_file.get_object().get_data())
        _sources[base_font] = _installed(f":postscriptname={name}", match=False)
    return _sources[base_font]


_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def _read_to_unicode(stream) -> dict[int, str]:
    """WeasyPrint writes its ToUnicode maps as bfchar pairs, one glyph to its text."""
    return {int(glyph, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for glyph, text in _BFCHAR.findall(stream)}


def _read_widths(array) -> dict[int, float]:
    widths, items, i = {}, list(array), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], ArrayObject):
            widths.update({first + n: float(w) for n, w in enumerate(items[i + 1])})
            i += 2
        else:
            widths.update(dict.fromkeys(range(first, int(items[i + 1]) + 1), float(items[i + 2])))
            i += 3
    return widths


def _width_array(widths: dict[int, float]) -> ArrayObject:
    array, run_start, run = ArrayObject(), None, ArrayObject()
    for glyph in sorted(widths):
        if run_start is None or glyph != run_start + len(run):
            if run:
                array += [NumberObject(run_start), run]
            run_start, run = glyph, ArrayObject()
        run.append(FloatObject(round(widths[glyph], 3)))
    if run:
        array += [NumberObject(run_start), run]
    return array


def _to_unicode_stream(to_unicode: dict[int, str]) -> DecodedStreamObject:
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(to_unicode.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{glyph:04x}> <{text.encode('utf-16-be').hex()}>".encode() for glyph, text in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    stream = DecodedStreamObject()
    stream.set_data(b"\n".join(lines))
    return stream


@dataclass
class _SharedFont:
    """One font of the PDF: the chunks' copies of it, and everything their pages draw with it."""

    source: FontSource
    reference: IndirectObject  # the shared font dictionary, filled in by finish()
    copies: list[IndirectObject] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    to_unicode: dict[int, str] = field(default_factory=dict)

    @property
    def face(self) -> _Face:
        return _face(self.source)


class SharedFonts:
    """The fonts of a PDF joined from separately laid-out chunks, each embedded once.

    Call use() on every page added, number_text() for the numbers drawn afterwards, and finish() before writing.
    """

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.fonts: dict[FontSource, _SharedFont] = {}
        self.shared: dict[int, _SharedFont] = {}  # id of a chunk's font dictionary -> the shared font
        self.kept: set[int] = set()  # chunk fonts left as embedded

    def use(self, page) -> None:
        """Points the page's fonts at the shared ones, learning any it has not seen."""
        for fonts in _font_dictionaries(page):
            for name, reference in list(fonts.items()):
                shared = self._shared_for(reference)
                if shared is not None:
                    fonts[NameObject(name)] = shared.reference

    def _shared_for(self, reference) -> _SharedFont | None:
        if not isinstance(reference, IndirectObject) or reference.idnum in self.kept:
            return None
        if any(reference.idnum == shared.reference.idnum for shared in self.fonts.values()):
            return None  # a page whose resources, shared with an earlier page, were pointed already
        if reference.idnum in self.shared:
            return self.shared[reference.idnum]
        font = reference.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if font.get("/Subtype") == "/Type0" else None
        descriptor = descendant["/FontDescriptor"].get_object() if descendant is not None else None
        file_key = next((k for k in ("/FontFile3", "/FontFile2") if descriptor and k in descriptor), None)
        source = _source_of(font["/BaseFont"], descriptor[file_key]) if file_key else None
        if source is None:
            self.kept.add(reference.idnum)
            return None
        shared = self._font(source)
        shared.copies.append(reference)
        shared.widths.update(_read_widths(descendant.get("/W", ArrayObject())))
        if "/ToUnicode" in font:
            shared.to_unicode.update(_read_to_unicode(font["/ToUnicode"].get_object().get_data()))
        self.shared[reference.idnum] = shared
        return shared

    def _font(self, source: FontSource) -> _SharedFont:
        if source not in self.fonts:
            self.fonts[source] = _SharedFont(source, self.writer._add_object(DictionaryObject()))
        return self.fonts[source]

    def number_font(self) -> IndirectObject:
        """The shared body font; every chunk draws text in it, so the chunks brought its description along."""
        shared = self.fonts.get(_installed(NUMBER_FONT_FAMILY, match=True))
        if shared is None:
            raise OSError(f"no page of the PDF uses {NUMBER_FONT_FAMILY}, the font of the page numbers")
        return shared.reference

    def number_text(self, text: str) -> tuple[bytes, float]:
        """The number font's encoding of `text` for a Tj operator, and its width at size 1 in points."""
        shared = self.fonts[_installed(NUMBER_FONT_FAMILY, match=True)]
        glyphs = [shared.face.glyph(char) for char in text]
        for char, glyph in zip(text, glyphs, strict=True):
            shared.widths.setdefault(glyph, shared.face.width(glyph))
            shared.to_unicode.setdefault(glyph, char)
        encoded = b"<" + "".join(f"{glyph:04x}" for glyph in glyphs).encode() + b">"
        return encoded, sum(shared.widths[glyph] for glyph in glyphs) / 1000

    def finish(self) -> None:
        """Embeds each shared font once and drops the chunks' copies."""
        for shared in self.fonts.values():
            self._fill(shared)
            for copy in shared.copies:
                self._drop(copy)

    def _fill(self, shared: _SharedFont) -> None:
        writer = self.writer
        file, subtype = _embedded_file(shared.source, frozenset(shared.widths))
        file_key = "/FontFile3" if subtype == "/CIDFontType0" else "/FontFile2"
        template = shared.copies[0].get_object()
        old = template["/DescendantFonts"][0].get_object()
        descriptor = DictionaryObject(
            {k: v for k, v in old["/FontDescriptor"].get_object().items() if k not in ("/FontFile2", "/FontFile3")}
        )
        descendant = DictionaryObject({k: v for k, v in old.items() if k not in ("/W", "/FontDescriptor")})
        descendant[NameObject("/Subtype")] = NameObject(subtype)
        # A copy per PDF: pypdf records in an object which PDF it was added to.
        descriptor[NameObject(file_key)] = writer._add_object(file.clone(writer))
        descendant[NameObject("/W")] = _width_array(shared.widths)
        descendant[NameObject("/FontDescriptor")] = writer._add_object(descriptor)
        font = shared.reference.get_object()
        font.update(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type0"),
                NameObject("/BaseFont"): template["/BaseFont"],
                NameObject("/Encoding"): NameObject("/Identity-H"),
                NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
                NameObject("/ToUnicode"): writer._add_object(_to_unicode_stream(shared.to_unicode).flate_encode()),
            }
        )

    def _drop(self, reference: IndirectObject) -> None:
        """Frees a chunk's font and what only it used; pypdf writes a freed object as a free xref entry."""
        font = reference.get_object()
        descendant_ref = font["/DescendantFonts"][0]
        descendant = descendant_ref.get_object()
        descriptor_ref = descendant["/FontDescriptor"]
        descriptor = descriptor_ref.get_object()
        owned = [reference, descendant_ref, descriptor_ref, font.get("/ToUnicode")]
        owned += [descriptor.get(key) for key in ("/FontFile2", "/FontFile3")]
        owned.append(font["/DescendantFonts"] if isinstance(font["/DescendantFonts"], IndirectObject) else None)
        for item in owned:
            if isinstance(item, IndirectObject) and item.pdf is self.writer:
                # pypdf offers no public call that frees an object of a writer.
                self.writer._objects[item.idnum - 1] = None


def _font_dictionaries(page):
    """The /Font dictionaries of a page's resources and of the form XObjects it draws."""
    pending, seen = [page.get("/Resources")], set()
    while pending:
        resources = pending.pop()
        if resources is None:
            continue
        if isinstance(resources, IndirectObject):
            if resources.idnum in seen:
                continue
            seen.add(resources.idnum)
        resources = resources.get_object()
        if "/Font" in resources:
            yield resources["/Font"].get_object()
        for xobject in resources.get("/XObject", DictionaryObject()).get_object().values():
            pending.append(xobject.get_object().get("/Resources"))
