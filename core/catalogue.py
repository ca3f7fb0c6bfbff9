"""The English catalogue (locale/en/LC_MESSAGES/django.po): extract, update, check and compile it.

Pure Python (Babel), so `make run` / `make test` need nothing beyond Python and make: no GNU gettext
(`makemessages` needs xgettext, `compilemessages` msgfmt). Extraction reads what makemessages would:
gettext calls in .py files, and Django templates turned into gettext calls by Django's own `templatize`.
msgids are the Vietnamese source text; every one needs a real, unfuzzy English msgstr, with the same
%(name)s / {name} placeholders, or `check` fails (it runs in `make test`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LANGUAGE = "en"
DOMAIN = "django"
# Django's gettext family, in Babel's keyword spec: which arguments are the msgid, plural and context.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SKIP_DIRS = {".venv", "venv", "node_modules", "staticfiles", "media", "var", "tests", "migrations", "locale"}
TEMPLATE_SUFFIXES = {".html", ".txt"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


@dataclass(frozen=True)
class Found:
    msgid: str | tuple[str, str]
    context: str | None
    where: str


@dataclass
class Report:
    missing: list[Found] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.untranslated or self.fuzzy or self.placeholders)

    def lines(self) -> Iterator[str]:
        for found in self.missing:
            yield f"missing from the catalogue: {_singular(found.msgid)!r} ({found.where})"
        for text in self.untranslated:
            yield f"not translated: {text!r}"
        for text in self.fuzzy:
            yield f"fuzzy: {text!r}"
        for text in self.placeholders:
            yield f"placeholders differ: {text!r}"


def catalogue_path(base: Path) -> Path:
    return base / "locale" / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"


def _singular(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple | list) else msgid


def source_files(base: Path) -> Iterator[Path]:
    """Every .py file and every file under a `templates` folder, outside tests, migrations and the venv."""
    for path in sorted(base.rglob("*")):
        parts = path.relative_to(base).parts
        if any(part in SKIP_DIRS or part.startswith(".") for part in parts[:-1]) or not path.is_file():
            continue
        if path.suffix == ".py" or (path.suffix in TEMPLATE_SUFFIXES and "templates" in parts):
            yield path


def _python_source(path: Path) -> bytes:
    if path.suffix == ".py":
        return path.read_bytes()
    from django.utils.translation import templatize

    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    # Blanked-out markup keeps its indentation, which Python's tokenizer would reject; calls stay intact.
    return "\n".join(line.lstrip() for line in code.splitlines()).encode("utf-8")


def extract(base: Path, files: Iterable[Path] | None = None) -> list[Found]:
    """The translatable strings of the source tree, first occurrence of each kept."""
    seen: dict[tuple, Found] = {}
    for path in files if files is not None else source_files(base):
        rel = path.relative_to(base) if path.is_relative_to(base) else path
        buffer = io.BytesIO(_python_source(path))
        for lineno, _func, message, _comments, context in _extract_with_context(buffer):
            if not _singular(message):
                continue
            key = (message, context)
            seen.setdefault(key, Found(message, context, f"{rel}:{lineno}"))
    return list(seen.values())


def _extract_with_context(buffer) -> Iterator[tuple]:
    """Babel's Python extractor, with each call's arguments sorted into (message, context)."""
    for lineno, func, args, comments in extract_python(buffer, KEYWORDS, [], {"encoding": "utf-8"}):
        args = args if isinstance(args, tuple) else (args,)
        spec = KEYWORDS[func] or (1,)
        context = args[0] if isinstance(spec[0], tuple) else None
        positions = [p for p in spec if not isinstance(p, tuple)]
        parts = tuple(args[p - 1] if p - 1 < len(args) else None for p in positions)
        if any(part is None for part in parts) or (isinstance(spec[0], tuple) and context is None):
            continue  # a call with a non-literal argument: nothing to extract
        yield lineno, func, parts[0] if len(parts) == 1 else parts, comments, context


def read(path: Path) -> Catalog:
    if not path.exists():
        return Catalog(locale=LANGUAGE, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=LANGUAGE, domain=DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True, omit_header=False, ignore_obsolete=True)


def template_catalog(found: list[Found]) -> Catalog:
    template = Catalog(locale=LANGUAGE, domain=DOMAIN)
    for item in found:
        template.add(item.msgid, context=item.context, locations=[])
    return template


def update(base: Path, *, prune: bool = False) -> tuple[int, int]:
    """Add new msgids (untranslated); translations are kept. Entries no longer in the source stay (a
    translation made ahead for a branch not merged yet is not lost) unless `prune`, which drops them."""
    path = catalogue_path(base)
    catalog = read(path)
    before = {(m.id, m.context) for m in catalog if m.id}
    catalog.update(template_catalog(extract(base)), no_fuzzy_matching=True)
    if not prune:
        for message in list(catalog.obsolete.values()):
            catalog[message.id] = message
    catalog.obsolete.clear()
    after = {(m.id, m.context) for m in catalog if m.id}
    catalog.project, catalog.version, catalog.fuzzy = "Mùa", "1", False
    catalog.copyright_holder = catalog.language_team = catalog.last_translator = "Mùa"
    write(catalog, path)
    return len(after - before), len(before - after)


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text or "")}


def check(base: Path, found: list[Found] | None = None) -> Report:
    """Compare the strings in the source with the catalogue: what is missing, untranslated, fuzzy."""
    catalog = read(catalogue_path(base))
    report = Report()
    wanted = set()
    for item in extract(base) if found is None else found:
        key = (_singular(item.msgid), item.context)
        wanted.add(key)
        if catalog.get(*key) is None:
            report.missing.append(item)
    for message in catalog:
        if not message.id:
            continue
        singular = _singular(message.id)
        if (singular, message.context) not in wanted:
            report.obsolete.append(singular)
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if not all(strings):
            report.untranslated.append(singular)
        elif message.fuzzy:
            report.fuzzy.append(singular)
        elif any(_placeholders(singular) != _placeholders(text) for text in strings):
            report.placeholders.append(singular)
    return report


def compile_catalogue(base: Path) -> Path:
    """Write the .mo Django reads; fuzzy entries are left out as gettext would."""
    path = catalogue_path(base)
    target = path.with_suffix(".mo")
    with target.open("wb") as handle:
        write_mo(handle, read(path), use_fuzzy=False)
    return target


def is_compiled(base: Path) -> bool:
    path = catalogue_path(base)
    target = path.with_suffix(".mo")
    return target.exists() and target.stat().st_mtime >= path.stat().st_mtime
