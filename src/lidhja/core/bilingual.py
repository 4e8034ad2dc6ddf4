"""Bilingual content: text that people wrote in English, with an Albanian translation where
one exists (plan items, indicators, organisations).

One definition, used by pages, exports and PDFs: `display_text(obj, "text")` picks the
Albanian column (`text_sq`) for a reader whose language is Albanian, and the English one
otherwise. English shown to an Albanian reader is *marked* as English: in HTML it is wrapped
in `<span lang="en">` (so screen readers switch voice) and followed by a small "(in English)"
note; in plain text (XLSX, CSV) only the note is added. Nothing is ever machine-translated.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

ALBANIAN = "sq"


def albanian_reader(language: str | None = None) -> bool:
    return (language or get_language() or "").startswith(ALBANIAN)


@dataclass(frozen=True)
class Shown:
    """A text as shown to one reader: the words, their language, and whether the reader
    asked for another language (English shown for want of Albanian)."""

    text: str
    lang: str
    marked: bool

    def __str__(self) -> str:
        return self.text

    @property
    def plain(self) -> str:
        """For spreadsheets and other plain text: the words, with the note if marked."""
        if not self.marked or not self.text:
            return self.text
        return f"{self.text} {in_english_note()}"

    def html(self, *, limit: int | None = None, lines: bool = False) -> SafeString:
        """Escaped HTML; `limit` shortens to that many characters, `lines` keeps line
        breaks as <br>."""
        words = self.text
        if limit and len(words) > limit:
            words = words[: limit - 1].rstrip() + "…"
        body = conditional_escape(words)
        if lines:
            body = mark_safe(body.replace("\n", "<br>"))  # noqa: S308 (escaped just above)
        if not self.marked:
            return body
        return format_html(
            '<span lang="en">{}</span> <small class="in-english">{}</small>',
            body,
            in_english_note(),
        )

    def __html__(self) -> str:
        return str(self.html())


def in_english_note() -> str:
    return _("(in English)")


def display_text(obj: Any, field: str, language: str | None = None) -> Shown:
    """`obj.<field>_sq` for an Albanian reader when it is filled, else `obj.<field>`
    (marked as English for an Albanian reader when there is text to mark)."""
    english = getattr(obj, field) or ""
    if not albanian_reader(language):
        return Shown(english, "en", marked=False)
    albanian = getattr(obj, f"{field}_sq", "") or ""
    if albanian:
        return Shown(albanian, ALBANIAN, marked=False)
    return Shown(english, "en", marked=bool(english))
