"""How much of a page a reader of English would still find in Vietnamese.

Counts the visible words (text outside <script>/<style>/tags, plus button and placeholder text) that
carry a Vietnamese letter (ă â đ ê ô ơ ư or a tone mark): an unaccented Vietnamese word ("tin", "sao")
is not counted, so the share is a lower bound, good for comparing one page in two languages.
"""

import re
from html.parser import HTMLParser

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"placeholder", "title", "aria-label", "alt"} and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") in {"submit", "button"}:
                self.parts.append(value or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_words(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return WORD.findall(" ".join(parser.parts))


def vietnamese_words(html: str, *, ignore: set[str] = frozenset()) -> list[str]:
    """The visible words with a Vietnamese letter, less those in `ignore` (names that are data)."""
    return [w for w in visible_words(html) if VIETNAMESE.search(w) and w.lower() not in ignore]


def vietnamese_share(html: str, *, ignore: set[str] = frozenset()) -> float:
    words = visible_words(html)
    return len(vietnamese_words(html, ignore=ignore)) / len(words) if words else 0.0
