"""Word-level inline diff of two texts, as escaped HTML with `<ins>`/`<del>`, for reviewers.

Vietnamese is written in syllables separated by spaces, with tone marks that may arrive precomposed
("ắ", one code point) or decomposed ("a" + breve + acute) depending on the keyboard or the source a text
was pasted from. Both forms are normalised to NFC before comparing, so a retyped word that looks the same
is the same, and a token is a run of letters/digits including combining marks: "Bắc" is one token, never
"B", "ắ", "c". Whitespace and punctuation are tokens of their own, so changing one syllable marks exactly
that syllable.

The cost stays bounded on long texts: lines are matched first, and only the lines that changed are
compared word by word (the lines of one changed block at most MAX_BLOCK_TOKENS tokens; beyond that the
block is shown as deleted and inserted whole).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word: letters, digits and combining marks (U+0300–U+036F and the rest of category M via \w's
# neighbours are handled by NFC first). Then runs of whitespace, then any other single character.
_TOKEN = re.compile(r"[\w\u0300-\u036f]+|\s+|[^\w\s]", re.UNICODE)
MAX_BLOCK_TOKENS = 4000


def normalise(text: str) -> str:
    """NFC, and Windows/Mac line ends as \\n: what the author sees is what is compared."""
    return unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def tokens(text: str) -> list[str]:
    """Words (syllables, with their tone marks), whitespace runs and punctuation marks, in order."""
    return _TOKEN.findall(normalise(text))


@dataclass(frozen=True)
class Diff:
    html: SafeString
    changed: bool
    inserted: int  # words inserted
    deleted: int  # words deleted


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)


def _words(parts: list[str]) -> int:
    return sum(1 for t in parts if _is_word(t))


def _mark(tag: str, parts: list[str]) -> str:
    text = "".join(parts)
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def _chunks(old: list[str], new: list[str]) -> list[tuple[bool, list[str], list[str]]]:
    """(changed, old tokens, new tokens) runs; a lone space or mark between two changes joins them, so
    "postmart.vn" replacing nothing reads as one insertion, not "postmart" + "." + "vn"."""
    # The common head and tail are equal first: otherwise a lone mark ("." ending the sentence) may be
    # matched with one inside the inserted words ("postmart.vn") and read as deleted and re-inserted.
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    mid_old, mid_new = old[head : len(old) - tail], new[head : len(new) - tail]
    matcher = difflib.SequenceMatcher(None, mid_old, mid_new, autojunk=False)
    runs = [(False, old[:head], new[:head])] if head else []
    runs += [(op != "equal", mid_old[i1:i2], mid_new[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    runs += [(False, old[len(old) - tail :], new[len(new) - tail :])] if tail else []
    merged: list[tuple[bool, list[str], list[str]]] = []
    for index, run in enumerate(runs):
        changed, o, n = run
        glue = (
            not changed
            and len(o) == 1
            and not o[0].isalnum()
            and 0 < index < len(runs) - 1
            and merged
            and merged[-1][0]
            and runs[index + 1][0]
        )
        if glue or (changed and merged and merged[-1][0]):
            _, mo, mn = merged[-1]
            merged[-1] = (True, mo + o, mn + n)
        else:
            merged.append(run)
    return merged


def _diff_tokens(old: list[str], new: list[str], out: list[str]) -> tuple[int, int]:
    """Append the escaped, marked-up word diff of two token lists; return (words inserted, deleted)."""
    if len(old) + len(new) > MAX_BLOCK_TOKENS:
        out.append(_mark("del", old) + _mark("ins", new))
        return _words(new), _words(old)
    inserted = deleted = 0
    for changed, o, n in _chunks(old, new):
        if not changed:
            out.append(escape("".join(o)))
            continue
        out.append(_mark("del", o) + _mark("ins", n))
        deleted += _words(o)
        inserted += _words(n)
    return inserted, deleted


def word_diff(old: str, new: str) -> Diff:
    """The inline diff of `old` → `new`: equal text escaped, removed words in `<del>`, added in `<ins>`."""
    old_lines = normalise(old).splitlines(keepends=True)
    new_lines = normalise(new).splitlines(keepends=True)
    out: list[str] = []
    inserted = deleted = 0
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_lines[i1:i2])))
            continue
        ins, dels = _diff_tokens(tokens("".join(old_lines[i1:i2])), tokens("".join(new_lines[j1:j2])), out)
        inserted += ins
        deleted += dels
    return Diff(
        html=mark_safe("".join(out)),  # noqa: S308 - every piece of text above went through escape()
        changed=bool(inserted or deleted) or normalise(old) != normalise(new),
        inserted=inserted,
        deleted=deleted,
    )
