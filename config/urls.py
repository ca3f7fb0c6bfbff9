from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.views import set_language

from .api import api

admin.site.site_header = _("Mùa – quản trị")
admin.site.site_title = "Mùa"
admin.site.index_title = _("Dữ liệu nền")

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/rq/", include("django_rq.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("campaigns/", include("campaigns.urls")),
    path("content/", include("content.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("dispatch.urls")),
]
