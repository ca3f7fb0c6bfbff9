from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("seasons/proposals/", views.proposals_page, name="proposals"),
    path("<slug:edition>/", views.progress_page, name="progress"),
    path("<slug:edition>/milestones/", views.milestones_page, name="milestones"),
]
