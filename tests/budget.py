"""``ok(response)``: a page measured for its queries or its time must have been a page.

A budget test that counts the queries of a redirect to the login page, a 403 or a 404 passes
whatever the page costs; wrap each measured request: ``ok(client.get(url))``.
"""


def ok(response):
    """The response, after checking that it is a 200."""
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return response
