from django.urls import path

from . import views

app_name = "dispatch"

urlpatterns = [
    path("tu-choi-tin-nhan/", views.opt_out, name="opt-out"),
    path("dispatch/audiences/", views.audiences_page, name="audiences"),
    path("dispatch/audiences/<int:audience_id>/", views.audience_page, name="audience"),
    path("dispatch/imports/", views.imports_page, name="imports"),
]
