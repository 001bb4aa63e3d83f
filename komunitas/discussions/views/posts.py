"""Reading a post and its thread."""

from django.shortcuts import render

from komunitas.discussions.access import access_post


def post_detail(request, pk):
    post = access_post(request.user, pk)
    return render(request, "discussions/post.html", {"post": post})
