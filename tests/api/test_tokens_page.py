"""The member's tokens on their settings: made (shown once), listed, revoked; others' are not
theirs to revoke."""

from komunitas.api.models import AccessToken, digest


def test_the_profile_page_links_to_the_tokens(member_client):
    assert "/akun/api/" in member_client.get("/akun/profil/").content.decode()


def test_a_member_makes_a_token_and_sees_its_secret_once(member_client, member):
    response = member_client.post("/akun/api/", {"name": "Kalender", "scope": "read", "days": 90})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    token = AccessToken.objects.get(user=member)
    assert token.secret_hash == digest(secret) and token.scope == "read"
    assert secret in response.content.decode()
    again = member_client.get("/akun/api/").content.decode()
    assert secret not in again and "Kalender" in again


def test_a_bad_form_comes_back_with_what_was_typed(member_client, member):
    response = member_client.post("/akun/api/", {"name": "Bot WA", "scope": "admin", "days": 90})
    assert response.status_code == 400
    assert "Bot WA" in response.content.decode()
    assert not AccessToken.objects.filter(user=member).exists()


def test_a_member_revokes_their_token(member_client, member, client):
    member_client.post("/akun/api/", {"name": "Bot", "scope": "write", "days": 30})
    token = AccessToken.objects.get(user=member)
    response = member_client.post(f"/akun/api/{token.pk}/cabut/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_anothers_token(member_client, outsider, client):
    from komunitas.api.actions import do_create_token

    token, _secret = do_create_token(user=outsider, name="Punya Budi", scope="read", days=30)
    assert member_client.post(f"/akun/api/{token.pk}/cabut/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_speaks_english_too(member_client, member):
    member.language = "en"
    member.save(update_fields=["language"])
    assert "API tokens" in member_client.get("/akun/api/").content.decode()
    member.language = "id"
    member.save(update_fields=["language"])
    assert "Token API" in member_client.get("/akun/api/").content.decode()
