from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("<int:pk>/", views.campaign_page, name="detail"),
    path("year/<int:year>/", views.year_page, name="year"),
    path("subscribe/", views.subscribe_page, name="subscribe"),
    path("subscribe/new/", views.subscribe_create, name="subscribe-create"),
    path("subscribe/<int:token_id>/revoke/", views.subscribe_revoke, name="subscribe-revoke"),
    path("ical/<str:token>/national.ics", views.feed_national, name="feed-national"),
    path("ical/<str:token>/<str:map>/<str:code>.ics", views.feed_province, name="feed-province"),
]
