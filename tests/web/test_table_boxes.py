"""Every table of the templates sits in its own scrolling box, so a wide table scrolls inside
the page instead of widening it (reflow at 320 px; tests/web/test_reflow.py in the browser)."""

import re
from pathlib import Path

import lidhja

TEMPLATES = Path(lidhja.__file__).parent / "templates"
# The box is named "Table" (the script names it after the heading above), or by its own label.
BOX = re.compile(
    r'<div class="table-scroll" role="region" tabindex="0" '
    r'aria-label(?:ledby)?="(?:\{%[^%]*%\}|\{\{[^}]*\}\}|[^"<>{])+">$'
)


def _tables():
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            yield path.relative_to(TEMPLATES), text, match.start()


def test_every_table_is_wrapped_in_a_focusable_scrolling_box():
    tables = list(_tables())
    unboxed = [str(path) for path, text, start in tables if not BOX.search(text[:start])]
    closed = [
        str(path)
        for path, text, start in tables
        if not text[text.index("</table>", start) :].startswith("</table></div>")
    ]
    assert len(tables) >= 77
    assert unboxed == []
    assert closed == []
