"""A PDF made of parts: the later parts laid out in a helper process (or here, when there is
none or it died), joined in order with the first part's metadata and every part's bookmarks."""

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from io import BytesIO

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader

from lidhja.core import pdf

FIRST = (
    '<html lang="en"><head><meta charset="utf-8"><title>The report</title>'
    '<meta name="author" content="ONAC"></head><body><h1>Report</h1><p>One</p></body></html>'
)
SECOND = (
    '<html lang="en"><head><meta charset="utf-8"><title>The annex</title></head>'
    '<body><h1>Annex</h1><p>Two</p><h1 class="cover-title">Annex, part two</h1></body></html>'
)


@pytest.fixture
def stylesheet():
    return finders.find("lidhja/print.css")


def _read(content: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages], reader


@pytest.mark.parametrize("processes", [0, 1])
def test_parts_are_joined_in_order_with_the_first_parts_metadata(processes, stylesheet):
    pdf._forget_helpers()
    part = pdf.start(SECOND, stylesheet, processes)
    assert (part.future is None) == (processes == 0)
    texts, reader = _read(pdf.render_parts(FIRST, [part], stylesheet))
    assert texts[0].startswith("Report One")
    assert texts[-1].startswith("Annex Two")
    assert reader.metadata.title == "The report" and reader.metadata.author == "ONAC"
    assert [item.title for item in reader.outline][:2] == ["Report", "Annex"]
    pdf._forget_helpers()


def test_a_part_whose_helper_died_is_laid_out_here(stylesheet, monkeypatch):
    class DeadPool:
        def submit(self, *args):
            future: Future = Future()
            future.set_exception(BrokenProcessPool("killed"))
            return future

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(pdf, "_helpers", lambda processes: DeadPool())
    texts, _reader = _read(pdf.render_parts(FIRST, [pdf.start(SECOND, stylesheet)], stylesheet))
    assert texts[0].startswith("Report One") and texts[-1].startswith("Annex Two")


def test_one_part_is_one_document(stylesheet):
    texts, reader = _read(pdf.render_parts(FIRST, [], stylesheet))
    assert texts == ["Report One 1 / 1"] and reader.metadata.title == "The report"
