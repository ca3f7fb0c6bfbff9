from django.urls import path

from . import feed_views, notification_views, views

app_name = "content"

urlpatterns = [
    path("", views.my_items, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("overdue/", views.overdue, name="overdue"),
    path("notifications/", notification_views.notifications, name="notifications"),
    path("notifications/read-all/", notification_views.notification_read_all, name="notification_read_all"),
    path(
        "notifications/<int:notification_id>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path("items/new/", views.item_new, name="new"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/edit/", views.item_edit, name="edit"),
    path("items/<int:item_id>/submit/", views.item_submit, name="submit"),
    path("items/<int:item_id>/withdraw/", views.item_withdraw, name="withdraw"),
    path("items/<int:item_id>/decide/", views.item_decide, name="decide"),
    path("items/<int:item_id>/comment/", views.item_comment, name="comment"),
    path("items/<int:item_id>/publish/", views.item_publish, name="publish"),
    path("feeds/", feed_views.feed_list, name="feeds"),
    path("feeds/<int:feed_id>/poll/", feed_views.feed_poll, name="feed_poll"),
    path("feeds/to-confirm/", feed_views.to_confirm, name="to_confirm"),
    path("feed-entries/<int:entry_id>/decide/", feed_views.entry_decide, name="entry_decide"),
    path("waves/<int:campaign_id>/publications/", feed_views.wave_publications, name="wave_publications"),
    path("comments/<int:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"),
]
