from django.urls import path

from newsdesk.comments import participation, views

app_name = "comments"

urlpatterns = [
    path("<int:article_id>/post/", views.post_comment, name="post"),
    path("<int:article_id>/token/", views.form_token, name="token"),
    path("<int:article_id>/reply/<int:comment_id>/", views.reply, name="reply"),
    path("<int:article_id>/live/<int:after>/", participation.live, name="live"),
    path("edit/<int:comment_id>/", views.edit, name="edit"),
    path("delete/<int:comment_id>/", views.delete, name="delete"),
    path("report/<int:comment_id>/", participation.report, name="report"),
    path("respect/<int:comment_id>/", participation.respect, name="respect"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
