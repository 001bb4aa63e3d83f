"""The member's personal access tokens on their settings: make one (its secret shown once),
see them with their last use, revoke one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.api.actions import do_create_token, do_revoke_token
from komunitas.api.forms import TokenForm
from komunitas.api.models import AccessToken

MAX_TOKENS = 20


@require_http_methods(["GET", "POST"])
def token_list(request):
    tokens = list(AccessToken.objects.filter(user=request.user)[: MAX_TOKENS + 30])
    live = [token for token in tokens if token.is_usable()]
    data = request.POST if request.method == "POST" else None
    form = TokenForm(data)
    secret = None
    status = 200
    if form.is_valid():
        if len(live) >= MAX_TOKENS:
            form.add_error(None, _("You have %(n)d tokens; revoke one first.") % {"n": MAX_TOKENS})
            status = 400
        else:
            token, secret = do_create_token(user=request.user, **form.cleaned_data)
            tokens.insert(0, token)
            form = TokenForm()
    elif form.is_bound:
        status = 400
    context = {"form": form, "tokens": tokens, "secret": secret}
    response = render(request, "api/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the secret is shown once, never kept by a cache
    return response


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(AccessToken, pk=pk, user=request.user)
    do_revoke_token(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
