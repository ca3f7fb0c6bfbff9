"""Forms of the content pages: they parse input only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Audience
from campaigns.picker import WaveField

from .models import Channel, Language


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    channel = forms.ChoiceField(label=_("Kênh"), choices=Channel.choices)
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=Audience.choices)
    language = forms.ChoiceField(label=_("Ngôn ngữ"), choices=Language.choices, initial=Language.VI)
    outlet = forms.CharField(label=_("Cơ quan đăng phát"), max_length=200, required=False)
    airtime = forms.CharField(label=_("Khung giờ phát sóng"), max_length=100, required=False)
    planned_at = forms.DateTimeField(
        label=_("Thời điểm đăng dự kiến"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
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


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", ""), ("request_changes", ""), ("reject", "")])
    revision = forms.IntegerField()
    comment = forms.CharField(required=False, widget=forms.Textarea)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Bình luận"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PublicationForm(forms.Form):
    outlet = forms.CharField(label=_("Cơ quan đăng phát"), max_length=200)
    url = forms.CharField(label=_("Đường dẫn"), max_length=1000, required=False)
    published_at = forms.DateTimeField(
        label=_("Đăng lúc"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
