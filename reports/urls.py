from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("weeks/<str:week>/", views.week_detail, name="week"),
    path("export.<str:fmt>", views.export, name="export"),  # csv or xlsx
    path("monthly/<str:month>/", views.monthly_print, name="monthly"),
    path("file/", views.report_form, name="file"),
]
