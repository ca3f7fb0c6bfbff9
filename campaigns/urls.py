from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("<int:pk>/", views.campaign_page, name="detail"),
    path("ical/<str:token>/national.ics", views.feed_national, name="feed-national"),
    path("ical/<str:token>/<str:map>/<str:code>.ics", views.feed_province, name="feed-province"),
]
