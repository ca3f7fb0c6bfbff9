"""The weekly report form: parses what the reporter typed and says every problem at once, by field label.

The service (report_file) still decides what may be filed (locked weeks, running totals); this form only
turns text into numbers and links so that all input mistakes show together, each beside its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMUNICATION_FIGURES, PLAN_FIGURES
from .services import MAX_FIGURE


def _links(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split() if line.strip()]


class WeeklyReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("Thuyết minh"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence_links = forms.CharField(
        label=_("Đường dẫn minh chứng"),
        help_text=_("Mỗi dòng một đường dẫn, bắt đầu bằng http:// hoặc https://"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decline_explanation = forms.CharField(
        label=_("Giải trình nếu số luỹ kế giảm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    groups = [(_("Hoạt động truyền thông"), COMMUNICATION_FIGURES), (_("Chỉ tiêu kế hoạch"), PLAN_FIGURES)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _title, figures in self.groups:
            for name, label in figures:
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=MAX_FIGURE,
                    error_messages={
                        "invalid": _("Hãy nhập một số nguyên không âm (để trống nếu chưa có)."),
                        "min_value": _("Không được là số âm."),
                        "max_value": _("Số quá lớn."),
                    },
                )
        # Errors are listed in the order the reporter sees the fields: figures first, then the text.
        self.order_fields(list(self.figures_names()) + ["narrative", "evidence_links", "decline_explanation"])

    def figures_names(self):
        return (name for _title, figures in self.groups for name, _label in figures)

    def clean_evidence_links(self) -> list[str]:
        links = _links(self.cleaned_data.get("evidence_links", ""))
        bad = [link for link in links if not link.startswith(("http://", "https://"))]
        if bad:
            raise forms.ValidationError(
                _("Đường dẫn phải bắt đầu bằng http:// hoặc https://: %(links)s") % {"links": ", ".join(bad)}
            )
        return links

    def field_groups(self):
        """[(title, [bound field, …]), …] in form order, for the template's fieldsets."""
        return [(title, [self[name] for name, _label in figures]) for title, figures in self.groups]

    def figures(self) -> dict:
        return {name: self.cleaned_data.get(name) for _title, figs in self.groups for name, _label in figs}
