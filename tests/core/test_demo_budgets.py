"""Every main page, for each demo account, on the demo's real data: at most 15 queries
(docs/product.md, budgets). The per-app tests hold their pages constant in what they list;
this one catches the sum of every app's sections on a page as people really see it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from komunitas.accounts.models import User
from tests.demo_pages import ACCOUNTS, main_pages

BUDGET = 15
# The main pages a demo account may not open, and how it is told; every other page must answer
# 200, so that a wrong address or a refusal cannot pass the budget with a cheap error page.
# (None today: the demo's dinas@ is a mitra of the community since it receives a request for
# support there, and a mitra sees the members.)
REFUSED: dict[tuple[str, str], int] = {}


def test_every_main_page_of_every_demo_account_stays_within_15_queries(demo, client):
    over = []
    for name in ACCOUNTS:
        client.force_login(User.objects.get(email=f"{name}@demo.test"))
        for url in main_pages():
            client.get(url)  # warm: a first visit may count a dashboard or fill a cache
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == REFUSED.get((name, url), 200), (name, url)
            if len(queries) > BUDGET:
                over.append(f"{name} {url}: {len(queries)}")
    assert not over, "over 15 queries: " + "; ".join(over)
