from django import forms
from django.utils.translation import gettext_lazy as _

from core.formatting import display_name

from .compliance import ADVERTISING, PUBLIC_SERVICE
from .contacts.models import ContactKind


class OptOutForm(forms.Form):
    phone = forms.CharField(label=_("Số điện thoại"), max_length=40)
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận không muốn nhận tin nhắn quảng cáo từ chương trình 1034 đến số này."),
        required=True,
    )


class PreviewForm(forms.Form):
    content_item = forms.ChoiceField(label=_("Tin nhắn SMS đã duyệt"), required=False)
    text = forms.CharField(
        label=_("… hoặc nội dung nháp"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    category = forms.ChoiceField(
        label=_("Loại tin"),
        choices=[(ADVERTISING, _("Quảng cáo")), (PUBLIC_SERVICE, _("Công ích"))],
    )
    brandname = forms.CharField(label=_("Tên định danh (brandname)"), max_length=20, required=False)

    def __init__(self, *args, content_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_item"].choices = [("", "—")] + [
            (str(item.pk), f"#{item.pk} {item.title}") for item in content_items
        ]

    def clean(self):
        data = super().clean()
        if bool(data.get("content_item")) == bool(data.get("text")):
            raise forms.ValidationError(
                _("Chọn một tin nhắn đã duyệt hoặc nhập nội dung nháp, một trong hai.")
            )
        return data


class ImportUploadForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Tổ chức sở hữu danh bạ"))
    file = forms.FileField(label=_("Tệp CSV hoặc XLSX"))
    consent_evidence = forms.CharField(
        label=_("Bằng chứng đồng ý chung cho cả tệp (nếu có)"), max_length=300, required=False
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.code, display_name(o)) for o in organisations]


class AudienceForm(forms.Form):
    name = forms.CharField(label=_("Tên nhóm"), max_length=200)
    organisation = forms.ChoiceField(label=_("Tổ chức"))
    provinces = forms.MultipleChoiceField(
        label=_("Tỉnh/thành (bản đồ 63 tỉnh hoặc 34 đơn vị)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Đối tượng"), choices=ContactKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(label=_("Nhãn (cách nhau bởi dấu phẩy; có ít nhất một)"), required=False)
    consent_required = forms.BooleanField(label=_("Chỉ người đã đồng ý"), required=False, initial=True)

    def __init__(self, *args, organisations=(), provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.code, display_name(o)) for o in organisations]
        self.fields["provinces"].choices = [
            (f"{p.map}:{p.code}", f"{display_name(p)} ({p.map})") for p in provinces
        ]
