from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from .api import api

admin.site.site_header = "Mùa – quản trị"
admin.site.site_title = "Mùa"
admin.site.index_title = "Dữ liệu nền"

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/rq/", include("django_rq.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("campaigns/", include("campaigns.urls")),
    path("content/", include("content.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("dispatch.urls")),
]
