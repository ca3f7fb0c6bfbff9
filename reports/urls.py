from django.urls import path

from . import dashboard_views, inbox_views, views

app_name = "reports"

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("weeks/<str:week>/", dashboard_views.week_detail, name="week"),
    path("export.<str:fmt>", dashboard_views.export, name="export"),  # csv or xlsx
    path("monthly/<str:month>/", views.monthly_print, name="monthly"),
    path("file/", views.report_form, name="file"),
    path("file/<str:org>/<str:week>/receipt/", views.report_receipt, name="receipt"),
    path("file/template.<str:fmt>", views.upload_template, name="upload_template"),
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/quarters/<str:quarter>/", inbox_views.quarter_page, name="quarter"),
    path("inbox/months/<str:month>/", inbox_views.month_page, name="inbox_month"),
    path("inbox/<str:org>/<str:week>/", inbox_views.report_detail, name="inbox_report"),
    path("inbox/<str:org>/<str:week>/decide/", inbox_views.report_decide, name="inbox_decide"),
]
