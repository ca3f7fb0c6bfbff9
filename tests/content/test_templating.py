import pytest

from content.templating import SAMPLE_CONTACT, TemplateInvalid, render, render_sample


def test_sample_contact_fills_the_variables():
    assert render_sample("Chào {{ name }} ở {{ province }}") == f"Chào {SAMPLE_CONTACT['name']} ở Bắc Giang"


def test_contact_is_also_reachable_as_a_mapping():
    assert render_sample("{{ contact.phone }}") == SAMPLE_CONTACT["phone"]


def test_a_missing_variable_is_an_error_naming_it():
    with pytest.raises(TemplateInvalid, match="'ward' is undefined") as exc:
        render_sample("Chào {{ name }}, xã {{ ward }}")
    assert exc.value.field == "body"


def test_the_sandbox_refuses_unsafe_attribute_access():
    with pytest.raises(TemplateInvalid, match="hộp cát"):
        render_sample("{{ name.__class__.__mro__ }}")


def test_a_syntax_error_names_the_line():
    with pytest.raises(TemplateInvalid, match=r"sai cú pháp \(dòng 2\)"):
        render_sample("dòng một\n{{ name ")


def test_text_is_not_html_escaped():
    assert render("{{ x }}", {"x": "Q&A <b>"}) == "Q&A <b>"
