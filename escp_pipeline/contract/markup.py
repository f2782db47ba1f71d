"""LimeSurvey texts (question texts, answer labels) as plain text.

What belongs here: turning the HTML that LimeSurvey stores for a question or an answer into the
plain, one-line text the codebooks hold, so that two wordings can be compared. What does not:
cleaning respondents' free text (``validation``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: tags that separate words when rendered; inline tags (b, i, sup, span) do not
_BREAKING_TAGS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "hr"}
)
_HIDDEN_TAGS = frozenset({"script", "style"})
_WHITESPACE = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0  # inside <script> or <style>: code, not text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def plain_text(text: str | None) -> str:
    """``text`` without HTML tags, with entities unescaped and whitespace collapsed.

    ``"<p>Name of&nbsp;the <b>ESCP</b></p>"`` becomes ``"Name of the ESCP"``. A ``<`` that opens no
    tag (``"a < b"``) is kept as text.
    """
    if not text:
        return ""
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return _WHITESPACE.sub(" ", "".join(collector.parts)).strip()
