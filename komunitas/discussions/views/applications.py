""" "Saya terapkan di kelas": the one form and list for any target (see discussions/applying.py)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komunitas.core.submissions import once_per_submission
from komunitas.discussions import applying
from komunitas.discussions.actions import do_record_application
from komunitas.discussions.forms import ApplicationForm
from komunitas.discussions.models import ClassroomApplication
from komunitas.lib.request_limits import accepts_uploads
from komunitas.permissions import can, require


def _access_target(user, content_type_id, object_id, action=None):
    """The registered target if the user may read it (and do ``action`` on it, when asked)."""
    target = applying.target_from(content_type_id, object_id)
    if target is None or not can(user, applying.spec_for(target).view_action, target):
        raise Http404
    if action:
        require(user, action, target)
    return target


@accepts_uploads(documents=False)
@require_http_methods(["GET", "POST"])
@once_per_submission
def apply(request, content_type_id, object_id):
    target = _access_target(request.user, content_type_id, object_id, "application.create")
    data = request.POST if request.method == "POST" else None
    phases = request.user.phases.all()[:1]
    form = ApplicationForm(data, request.FILES or None, initial={"phase": next(iter(phases), None)})
    if form.is_valid():
        do_record_application(
            member=request.user,
            target=target,
            photo=form.cleaned_data["photo"],
            **{k: v for k, v in form.cleaned_data.items() if k != "photo"},
        )
        messages.success(request, _("Thank you! Your colleagues see that it reached a classroom."))
        return redirect(target.get_absolute_url())
    context = {"target": target, "form": form}
    return render(
        request, "discussions/apply_form.html", context, status=400 if form.is_bound else 200
    )


def applications(request, content_type_id, object_id):
    target = _access_target(request.user, content_type_id, object_id)
    items = ClassroomApplication.objects.for_target(target)
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    summary = ClassroomApplication.objects.summary_for([target])[target.pk]
    context = {"target": target, "page": page, "summary": summary}
    return render(request, "discussions/applications.html", context)


def application_photo(request, pk):
    from komunitas.lib.uploads import serve_file

    item = ClassroomApplication.objects.filter(pk=pk).first()
    if item is None or not item.photo or not can(request.user, "application.view", item):
        raise Http404
    return serve_file(item.photo, inline=True)
