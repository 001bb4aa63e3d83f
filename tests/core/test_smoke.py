def test_home_redirects_anonymous_visitors_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_home_greets_a_signed_in_teacher(member_client):
    response = member_client.get("/")
    assert response.status_code == 200
    assert "Siti" in response.content.decode()
