"""``{% load markdown %}{{ post.body|markdown }}``: a member's Markdown as sanitised HTML."""

from django import template

from komunitas.lib.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)
