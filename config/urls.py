from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django_rq.urls import get_admin_urlpatterns, get_api_urlpatterns

from accounts.views import set_language
from dispatch.blasts.metrics import metrics_view

from .api import api

# The rq dashboard, every view behind the operators-only admin site (django-rq's own views check only
# is_staff, and its stats/metrics views accept any staff user).
rq_urlpatterns = get_admin_urlpatterns(view_wrapper=admin.site.admin_view) + [
    type(p)(p.pattern, admin.site.admin_view(p.callback), name=p.name) for p in get_api_urlpatterns()
]
admin.site.site_header = _("Mùa – quản trị")
admin.site.site_title = "Mùa"
admin.site.index_title = _("Dữ liệu nền")

urlpatterns = [
    path("", include("accounts.urls")),
    path("admin/rq/", include((rq_urlpatterns, "django_rq"))),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("metrics", metrics_view, name="metrics"),
    path("campaigns/", include("campaigns.urls")),
    path("content/", include("content.urls")),
    path("reports/plan/", include("plan.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("dispatch.urls")),
]
