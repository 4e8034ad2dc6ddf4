"""PDF documents from HTML (WeasyPrint), in parts laid out side by side.

WeasyPrint lays out a page at a time in pure Python, about a millisecond a line: the mid-term
report's annex of every activity alone takes as long as the rest of the report. A document
made of parts (the report, then its annex, each paginated on its own) has its later parts laid
out in a helper process while this one lays out the first, and the parts are then joined into
one file (pypdf), keeping the first part's metadata and every part's bookmarks and links.

The helper processes are forked from a small server process that has imported WeasyPrint and
nothing else (`forkserver`), never from a web or task worker with its threads and database
connections. They start with the first document of a process and stay for the next ones.
The caller says how many (`settings.LIDHJA_PDF_PROCESSES`: default 1; 0 lays every part out
in this process).

This module imports no Django: the helper processes need only WeasyPrint.
"""

import io
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def render(html: str, stylesheet: str) -> bytes:
    """One HTML document as PDF, with the stylesheet at path `stylesheet`."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is made

    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _helpers(processes: int) -> ProcessPoolExecutor | None:
    global _pool
    if not processes:
        return None
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["weasyprint", __name__])
            _pool = ProcessPoolExecutor(max_workers=processes, mp_context=context)
        return _pool


def _forget_helpers() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


class Part:
    """A part being laid out: in a helper process, or here when there is none."""

    def __init__(self, html: str, stylesheet: str, processes: int) -> None:
        self.html, self.stylesheet = html, stylesheet
        self.future: Future | None = None
        pool = _helpers(processes)
        if pool is not None:
            try:
                self.future = pool.submit(render, html, stylesheet)
            except (BrokenProcessPool, RuntimeError):
                _forget_helpers()  # a helper died or the pool shut down: laid out here

    def result(self) -> bytes:
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:  # a helper died (killed, out of memory)
                _forget_helpers()
        return render(self.html, self.stylesheet)


def start(html: str, stylesheet: str, processes: int = 1) -> Part:
    """Begin laying out a later part of a document, while this process goes on, in one of at
    most `processes` helper processes (here, when 0)."""
    return Part(html, stylesheet, processes)


def render_parts(first: str, later: list[Part], stylesheet: str) -> bytes:
    """One PDF: the HTML document `first`, laid out here, then the `later` parts (begun with
    `start`). The first part's metadata (title, author, subject, keywords) are the file's."""
    if not later:
        return render(first, stylesheet)
    head = render(first, stylesheet)
    return join([head, *(part.result() for part in later)])


def join(documents: list[bytes]) -> bytes:
    """PDF files as one, with their bookmarks and links; the first file's metadata."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(document)) for document in documents]
    for reader in readers:
        writer.append(reader)
    metadata = readers[0].metadata
    if metadata:
        writer.add_metadata(dict(metadata.items()))
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
