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


# --- the sandbox's bounds (issue 13, finding 4): each abuse the audit tried is a 400 naming the bound ---

ABUSES = {
    "{{ 'a'*10**8 }}": "quá dài",
    "{{ 'a'*10**9 }}": "quá dài",
    "{{ [1]*100000 }}": "quá dài",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}": "đối số quá lớn",
    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}": "vòng lặp quá",
    "{{ range(10**9)|list }}": "đối số quá lớn",
    "{{ 1/0 }}": "chia cho 0",
    "{{ 10**5000 }}": "số mũ quá lớn",
    "{{ 2**62 * 2**62 }}": "số quá lớn",
    "{{ 2.0**10000 }}": "số mũ quá lớn",
    "{% macro f(n) %}{{ f(n+1) }}{% endmacro %}{{ f(0) }}": "đệ quy",
    "{{ 'a'|center(1000000000) }}": "đối số quá lớn",
    "{{ '%1000000000d' % 1 }}": "độ rộng định dạng",
    "{{ '{:>1000000000}'.format(1) }}": "độ rộng định dạng",
    "{{ lipsum(100000) }}": "đối số quá lớn",
    "{% set x = 'aaaaaaaaaa' %}" + "{% set x = x ~ x %}" * 40 + "{{ x|length }}": "quá dài",
    "{% set x %}ab{% endset %}" + "{% set x %}{{x}}{{x}}{% endset %}" * 40: "viết ra quá 100000 ký tự",
    "{% for i in range(10000) %}{{ 'x'*1000 }}{% endfor %}": "tối đa 3000 ký tự",
    "x" * 6000: "mẫu quá dài",
}


@pytest.mark.parametrize("source", ABUSES)
def test_each_abuse_of_the_sandbox_is_a_400_naming_the_bound(source):
    from content.templating import TemplateTooCostly

    with pytest.raises(TemplateTooCostly, match=ABUSES[source]) as exc:
        render_sample(source)
    assert exc.value.status_code == 400 and exc.value.field == "body"


def test_a_render_past_its_time_is_stopped(settings):
    """The wall-clock limit is checked at every step of the render itself (no thread per render)."""
    from content.templating import TemplateTooCostly

    settings.SMS_TEMPLATE_RENDER_SECONDS = 0
    with pytest.raises(TemplateTooCostly, match="quá thời gian"):
        render_sample("{% for i in range(3) %}{{ i }}{% endfor %}")


def test_a_type_error_in_a_template_is_a_refusal_not_a_crash():
    with pytest.raises(TemplateInvalid, match="lỗi khi hiển thị"):
        render_sample("{{ 'a' + 1 }}")


def test_ordinary_templates_still_render_within_the_bounds():
    source = "{% for i in range(3) %}{{ i }}{% endfor %} {{ name|upper }} {{ '%05d' % 42 }} {{ 2**10 }}"
    assert render_sample(source) == "012 NGUYỄN VĂN AN 00042 1024"
    assert (
        render_sample("{{ '{:>6}'.format(name[:3]) }}|{{ name|truncate(9, leeway=0) }}") == "   Ngu|Nguyễn..."
    )


def test_a_template_rendered_outside_the_bounded_render_fails_closed():
    from content.templating import environment

    with pytest.raises(Exception, match="hộp cát có giới hạn"):
        list(environment().from_string("{{ name }}").generate(name="a"))
