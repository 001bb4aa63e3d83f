"""The API's frame: schema, docs page, tokens, problems, languages, limits, paging."""

import datetime

import time_machine
from django.utils import timezone

from komunitas.api.actions import do_create_token, do_revoke_token
from komunitas.api.models import AccessToken, digest
from tests.api.conftest import token_for


def test_openapi_is_3_1_and_lists_the_operations(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/me" in schema["paths"]
    assert "/api/v1/communities/{slug}/posts" in schema["paths"]
    problem = schema["paths"]["/api/v1/me"]["get"]["responses"]["401"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_docs_page_is_served_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_anonymous_gets_a_401_problem_not_the_login_page(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_is_kept_only_as_its_sha256(member):
    token, secret = do_create_token(user=member, name="Kalender", scope="read", days=30)
    assert secret.startswith("kp_") and secret not in token.secret_hash
    assert AccessToken.objects.get(secret_hash=digest(secret)) == token


def test_a_token_reads_as_its_member_and_notes_its_use(call, member):
    response = call(member, "get", "/api/v1/me")
    assert response.status_code == 200
    assert response.json()["name"] == member.full_name
    assert AccessToken.objects.get(user=member).last_used_at is not None


def test_revoked_and_expired_tokens_get_401(client, member):
    token, secret = do_create_token(user=member, name="Lama", scope="read", days=30)
    headers = {"Authorization": f"Bearer {secret}"}
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    do_revoke_token(token=token)
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_wrong_token_gets_401(client, member):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer kp_nope"})
    assert response.status_code == 401


def test_a_read_token_may_not_write(call, member, public_post):
    response = call(member, "post", f"/api/v1/posts/{public_post.pk}/replies",
                    {"body": "Setuju."}, scope="read")  # fmt: skip
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert public_post.replies.count() == 0


def test_problems_speak_the_language_asked_for(client):
    english = client.get("/api/v1/me", headers={"Accept-Language": "en"})
    indonesian = client.get("/api/v1/me", headers={"Accept-Language": "id"})
    assert english.json()["title"] == "Not signed in"
    assert indonesian.json()["title"] != "Not signed in"
    assert english["Content-Language"] == "en"


def test_problems_speak_the_members_language(call, member):
    member.language = "en"
    member.save(update_fields=["language"])
    response = call(member, "get", "/api/v1/posts/999999")
    assert response.status_code == 404
    assert response.json()["title"] == "Not found"


def test_validation_errors_name_their_fields(call, member, public_community):
    response = call(member, "post", f"/api/v1/communities/{public_community.slug}/posts",
                    {"kind": "nonsense", "title": ""})  # fmt: skip
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert "body.data.kind" in fields or "body.kind" in fields


def test_a_wrong_method_is_a_405_problem(call, member):
    response = call(member, "delete", "/api/v1/me")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_too_many_calls_get_429_with_retry_after(call, member, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    statuses = [call(member, "get", "/api/v1/me").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = call(member, "get", "/api/v1/me")
    assert int(response["Retry-After"]) >= 1
    assert response["Content-Type"] == "application/problem+json"


def test_the_site_session_reads_and_needs_csrf_to_write(member, public_post):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert browser.get("/api/v1/me").status_code == 200
    response = browser.post(f"/api/v1/posts/{public_post.pk}/replies", {"body": "x"},
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 403
    assert public_post.replies.count() == 0


def test_cursor_pages_through_a_list_to_the_end(call, member, public_community):
    from komunitas.discussions.actions import do_create_post

    for n in range(5):
        do_create_post(author=member, community=public_community, kind="question",
                       title=f"Soal {n}", check_rate=False)  # fmt: skip
    path = f"/api/v1/communities/{public_community.slug}/posts?limit=2"
    seen = []
    while path:
        body = call(member, "get", path).json()
        seen += [item["id"] for item in body["items"]]
        path = body["next"]
    assert len(seen) == len(set(seen)) == 5


def test_a_forged_cursor_is_a_400_problem(call, member, public_community):
    path = f"/api/v1/communities/{public_community.slug}/posts?cursor=abc"
    response = call(member, "get", path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_an_idempotency_key_creates_once(call, member, public_post):
    headers = {"Idempotency-Key": "balasan-0001"}
    path = f"/api/v1/posts/{public_post.pk}/replies"
    first = call(member, "post", path, {"body": "Sekali saja."}, headers=headers)
    again = call(member, "post", path, {"body": "Sekali saja."}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert public_post.replies.count() == 1


def test_token_secret_unused_helper(member):
    assert token_for(member).startswith("kp_")
