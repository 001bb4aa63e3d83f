from django.urls import path

from komunitas.discussions.views import posts

app_name = "discussions"

urlpatterns = [
    path("diskusi/<int:pk>/", posts.post_detail, name="post"),
]
