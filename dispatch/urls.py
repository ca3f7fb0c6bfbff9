from django.urls import path

from .blasts import views as blast_views
from .blasts import webhooks
from .contacts import views

app_name = "dispatch"

urlpatterns = [
    path("hooks/twilio/status", webhooks.twilio_status, name="twilio-status"),
    path("hooks/twilio/inbound", webhooks.twilio_inbound, name="twilio-inbound"),
    path("tu-choi-tin-nhan/", views.opt_out, name="opt-out"),
    path("dispatch/audiences/", views.audiences_page, name="audiences"),
    path("dispatch/audiences/<int:audience_id>/", blast_views.audience_page, name="audience"),
    path("dispatch/imports/", views.imports_page, name="imports"),
    path("dispatch/imports/<int:import_id>/", views.import_page, name="import"),
    path("dispatch/blasts/", blast_views.blasts_page, name="blasts"),
    path("dispatch/blasts/<int:blast_id>/", blast_views.blast_page, name="blast"),
    path(
        "dispatch/blasts/<int:blast_id>/progress.json", blast_views.blast_progress_json, name="blast-progress"
    ),
    path("dispatch/blasts/<int:blast_id>/messages/", blast_views.blast_messages_page, name="blast-messages"),
    path("dispatch/contacts/", views.contacts_page, name="contacts"),
    path("dispatch/contacts/<int:contact_id>/", blast_views.contact_page, name="contact"),
    path("dispatch/blasts/<int:blast_id>/<str:action>/", blast_views.blast_action, name="blast-action"),
]
