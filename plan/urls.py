from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("<slug:edition>/", views.progress_page, name="progress"),
]
