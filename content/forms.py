"""Forms of the content pages: they parse input only; the services decide what is allowed.

A moment (planned or published) is asked as two plain text boxes, a day "dd/mm/yyyy" and a time "hh:mm"
(24 hours), each with its own label and hint: Chromium shows a native datetime box in the browser's own
locale (mm/dd/yyyy, AM/PM on an English system), which misleads on a Vietnamese page.
"""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Audience
from campaigns.picker import WaveField

from .models import Channel, Language

DAY_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%Hh%M", "%Hh", "%H.%M", "%H:%M:%S"]


def parse_day(text: str) -> dt.date | None:
    """A day typed as dd/mm/yyyy (or ISO yyyy-mm-dd); None when empty or unreadable."""
    text = (text or "").strip()[:20]
    for fmt in DAY_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def day_field(label, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DAY_FORMATS,
        help_text=_("Ngày/tháng/năm, ví dụ 25/12/2026."),
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "class": "day"},
        ),
        error_messages={"invalid": _("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2026.")},
    )


def time_field(label, required: bool = False) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        help_text=_("Giờ:phút theo 24 giờ, ví dụ 07:30 hoặc 20:00."),
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "hh:mm", "autocomplete": "off", "class": "clock"}
        ),
        error_messages={"invalid": _("Ghi giờ theo dạng giờ:phút, ví dụ 07:30.")},
    )


class MomentFields:
    """Joins a day field and a time field into one aware moment (Vietnam's time) named `moment`."""

    moment = ""  # the cleaned name, e.g. "planned_at"; its parts are `<day>` and `<time>` below
    day = ""
    time = ""

    def split_initial(self) -> None:
        value = self.initial.get(self.moment)
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            self.initial.setdefault(self.day, local.date())
            self.initial.setdefault(self.time, local.time().replace(second=0, microsecond=0))

    def join_moment(self, cleaned: dict) -> dict:
        day, time = cleaned.pop(self.day, None), cleaned.pop(self.time, None)
        if day and time is None and self.time not in self.errors:
            self.add_error(self.time, _("Hãy ghi cả giờ."))
        elif time and day is None and self.day not in self.errors:
            self.add_error(self.day, _("Hãy ghi cả ngày."))
        cleaned[self.moment] = (
            timezone.make_aware(dt.datetime.combine(day, time)) if day and time is not None else None
        )
        return cleaned


class ItemForm(MomentFields, forms.Form):
    moment, day, time = "planned_at", "planned_on", "planned_time"

    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    channel = forms.ChoiceField(label=_("Kênh"), choices=Channel.choices)
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=Audience.choices)
    language = forms.ChoiceField(label=_("Ngôn ngữ"), choices=Language.choices, initial=Language.VI)
    outlet = forms.CharField(label=_("Cơ quan đăng phát"), max_length=200, required=False)
    airtime = forms.CharField(label=_("Khung giờ phát sóng"), max_length=100, required=False)
    planned_on = day_field(_("Ngày đăng dự kiến"))
    planned_time = time_field(_("Giờ đăng dự kiến"))
    campaign = WaveField(
        label=_("Đợt truyền thông"),
        required=False,
        help_text=_(
            "Gõ tên đợt, sản phẩm, tỉnh hoặc ngày rồi chọn trong danh sách gợi ý; "
            "để trống nếu nội dung không phục vụ đợt nào."
        ),
    )
    body = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Tin nhắn SMS là mẫu Jinja2: dùng {{ name }}, {{ phone }}, {{ province }}."),
    )
    media_links = forms.CharField(
        label=_("Liên kết tư liệu (mỗi dòng một đường dẫn)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, reopens: bool = False, waves: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.split_initial()
        self.fields["campaign"].choices = list(waves)  # what the picker suggests and accepts
        if reopens:
            # Saving a change to approved text sends it back to review: the editor says so knowingly.
            self.fields["confirm_reopen"] = forms.BooleanField(
                label=_(
                    "Tôi hiểu: nội dung này đã được phê duyệt; lưu thay đổi sẽ đưa nội dung về bản nháp và "
                    "phải gửi thẩm định lại. Bản đã duyệt vẫn được giữ nguyên cho đến khi bản mới được duyệt."
                ),
                required=True,
                error_messages={"required": _("Hãy xác nhận rằng nội dung sẽ phải thẩm định lại.")},
            )

    def clean_media_links(self):
        return [line.strip() for line in self.cleaned_data["media_links"].splitlines() if line.strip()]

    def clean(self):
        return self.join_moment(super().clean())


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", ""), ("request_changes", ""), ("reject", "")])
    revision = forms.IntegerField()
    comment = forms.CharField(required=False, widget=forms.Textarea)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Bình luận"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PublicationForm(MomentFields, forms.Form):
    moment, day, time = "published_at", "published_on", "published_time"
    outlet = forms.CharField(label=_("Cơ quan đăng phát"), max_length=200)
    url = forms.CharField(label=_("Đường dẫn"), max_length=1000, required=False)
    published_on = day_field(_("Ngày đăng"), required=True)
    published_time = time_field(_("Giờ đăng"), required=True)

    def clean(self):
        return self.join_moment(super().clean())


class QueueFilterForm(forms.Form):
    """The review queue's filters (GET). The wave is chosen with the shared wave picker by its label; a
    link may still carry the wave's id (`?wave=12`), which is shown back as its label."""

    DUE = [("", _("Mọi hạn")), ("overdue", _("Đã quá hạn")), ("48h", _("Sẽ quá hạn trong 48 giờ"))]

    channel = forms.ChoiceField(label=_("Kênh"), required=False)
    province = forms.ChoiceField(label=_("Tỉnh/thành"), required=False)
    wave = WaveField(label=_("Đợt truyền thông"), required=False)
    due = forms.ChoiceField(label=_("Hạn"), required=False, choices=DUE)

    def __init__(self, data, *, provinces: list[tuple[str, str]], waves: list[tuple[int, str]]):
        data, waves, provinces = data.copy(), list(waves), list(provinces)
        wave, province = data.get("wave", "").strip(), data.get("province", "")[:10]
        if wave.isdigit():
            # A wave with nothing waiting is still a valid filter (it lists nothing), shown by its number.
            data["wave"] = dict(waves).get(int(wave), wave)
            waves += [] if int(wave) in dict(waves) else [(int(wave), wave)]
        if province and province not in dict(provinces):
            provinces.append((province, province))
        super().__init__(data)
        self.fields["channel"].choices = [("", _("Mọi kênh")), *Channel.choices]
        self.fields["province"].choices = [("", _("Mọi tỉnh/thành")), *provinces]
        self.fields["wave"].choices = waves
        self.fields["wave"].help_text = _("Gõ tên đợt, sản phẩm hoặc tỉnh rồi chọn trong gợi ý.")

    def filters(self) -> dict:
        """The selector's keyword arguments; an invalid filter is left out (and shown as an error)."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        )
        return {
            "channel": data.get("channel") or None,
            "province": data.get("province") or None,
            "wave": data.get("wave"),
            "due": data.get("due") or None,
        }
