"""The catalogue check (run by `make test`) fails when a string lands without a real English translation."""

from pathlib import Path

import pytest
from django.conf import settings

from core import catalogue


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def translate(base: Path, translations: dict) -> None:
    cat = catalogue.read(catalogue.catalogue_path(base))
    for message in cat:
        if message.id in translations:
            message.string = translations[message.id]
    catalogue.write(cat, catalogue.catalogue_path(base))


@pytest.fixture
def tree(tmp_path):
    write(
        tmp_path / "app" / "models.py",
        'from django.utils.translation import gettext_lazy as _\nX = _("Mùa vụ")\n',
    )
    write(
        tmp_path / "app" / "templates" / "app" / "page.html",
        '{% load i18n %}<h1>{% translate "Trang chủ" %}</h1>'
        "{% blocktranslate %}Chào {{ name }}{% endblocktranslate %}",
    )
    write(
        tmp_path / "tests" / "test_x.py", 'from django.utils.translation import gettext as _\n_("Bỏ qua")\n'
    )
    catalogue.update(tmp_path)
    return tmp_path


def test_extraction_reads_python_and_templates_but_not_tests(tree):
    found = {f.msgid for f in catalogue.extract(tree)}
    assert found == {"Mùa vụ", "Trang chủ", "Chào %(name)s"}


def test_new_entries_are_untranslated_until_someone_translates_them(tree):
    report = catalogue.check(tree)
    assert not report.ok and sorted(report.untranslated) == ["Chào %(name)s", "Mùa vụ", "Trang chủ"]
    translate(tree, {"Mùa vụ": "Season", "Trang chủ": "Home", "Chào %(name)s": "Hello %(name)s"})
    assert catalogue.check(tree).ok


def test_a_new_string_in_the_code_fails_the_check(tree):
    translate(tree, {"Mùa vụ": "Season", "Trang chủ": "Home", "Chào %(name)s": "Hello %(name)s"})
    write(tree / "app" / "services.py", 'from django.utils.translation import gettext as _\n_("Đã lưu.")\n')
    report = catalogue.check(tree)
    assert [f.msgid for f in report.missing] == ["Đã lưu."]
    assert "missing from the catalogue: 'Đã lưu.' (app/services.py:2)" in list(report.lines())


def test_fuzzy_and_broken_placeholders_fail_the_check(tree):
    translate(tree, {"Mùa vụ": "Season", "Trang chủ": "Home", "Chào %(name)s": "Hello %(nome)s"})
    assert catalogue.check(tree).placeholders == ["Chào %(name)s"]
    cat = catalogue.read(catalogue.catalogue_path(tree))
    cat["Chào %(name)s"].string = "Hello %(name)s"
    cat["Mùa vụ"].flags.add("fuzzy")
    catalogue.write(cat, catalogue.catalogue_path(tree))
    assert catalogue.check(tree).fuzzy == ["Mùa vụ"]


def test_the_compiled_catalogue_is_what_django_reads(tree):
    import gettext

    translate(tree, {"Mùa vụ": "Season", "Trang chủ": "Home", "Chào %(name)s": "Hello %(name)s"})
    mo = catalogue.compile_catalogue(tree)
    with mo.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Mùa vụ") == "Season"


def test_the_repositorys_catalogue_is_complete():
    report = catalogue.check(settings.BASE_DIR)
    assert report.ok, "\n".join(report.lines())


def test_a_translation_made_ahead_is_kept_until_pruned(tree):
    translate(tree, {"Mùa vụ": "Season", "Trang chủ": "Home", "Chào %(name)s": "Hello %(name)s"})
    (tree / "app" / "models.py").write_text("X = 1\n", encoding="utf-8")
    catalogue.update(tree)
    report = catalogue.check(tree)
    assert report.ok and report.obsolete == ["Mùa vụ"]
    catalogue.update(tree, prune=True)
    assert catalogue.check(tree).obsolete == []
