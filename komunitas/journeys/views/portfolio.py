"""The practice portfolio: a timeline of one's own evidence, and its PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from komunitas.journeys.pdf import render_portfolio
from komunitas.journeys.portfolio import parse_cursor, portfolio_data, timeline_page


def portfolio(request):
    cursor = parse_cursor(request.GET.get("dari", ""))
    items, next_cursor = timeline_page(request.user, cursor)
    context = {"items": items, "next_cursor": next_cursor, "paged": cursor is not None}
    return render(request, "journeys/portfolio.html", context)


def portfolio_pdf(request):
    pdf = render_portfolio(request.user, portfolio_data(request.user))
    name = slugify(request.user.full_name) or "portofolio"
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"portofolio-{name}-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
