"""WeasyPrint layout of one chunk of the printed document.

Runs in worker processes, so it depends on WeasyPrint alone and takes and returns plain data."""

import ctypes
import ctypes.util
import gc
from dataclasses import dataclass

import weasyprint

PX_TO_PT = 0.75  # WeasyPrint measures in CSS pixels (1/96 in), PDF in points (1/72 in)


@dataclass(frozen=True)
class Anchor:
    page: int  # index within the chunk
    x: float  # PDF points from the page's left edge
    y: float  # PDF points from the page's bottom edge to the element's bottom (for an empty inline box, its baseline)


@dataclass(frozen=True)
class Layout:
    pdf: bytes
    pages: int
    anchors: dict[str, Anchor]


_stylesheets: dict[str, weasyprint.CSS] = {}


def lay_out(html: str, css: str) -> Layout:
    """Lay out `html` with the print stylesheet; anchors locate every element with an id."""
    sheet = _stylesheets.get(css)
    if sheet is None:
        sheet = _stylesheets[css] = weasyprint.CSS(string=css)
    document = weasyprint.HTML(string=html).render(stylesheets=[sheet])
    anchors = {}
    for index, page in enumerate(document.pages):
        for name, (left, _top, _right, bottom) in page.anchors.items():
            anchors.setdefault(name, Anchor(index, left * PX_TO_PT, (page.height - bottom) * PX_TO_PT))
    layout = Layout(pdf=document.write_pdf(), pages=len(document.pages), anchors=anchors)
    del document
    _give_back_memory()
    return layout


def _give_back_memory() -> None:
    """Returns the layout's freed heap to the system, so a worker holds only what its largest layout needs
    rather than keeping that until it exits."""
    gc.collect()
    if _libc is not None:
        _libc.malloc_trim(0)


_libc_name = ctypes.util.find_library("c")
_libc = ctypes.CDLL(_libc_name) if _libc_name and hasattr(ctypes.CDLL(_libc_name), "malloc_trim") else None
