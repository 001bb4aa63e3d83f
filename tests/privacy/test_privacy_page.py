"""The privacy page stays true: it states every retention period from the settings, and names
every table that points at a person, so a new table with personal data fails here until the page
names it (in ``PERSONAL_DATA_TABLES`` of komunitas/core/privacy.py, which the page lists)."""

import pytest
from django.apps import apps
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

# Tables with a link to a person that the page need not name, and why.
NOT_ON_THE_PAGE = {
    "admin.logentry": "the operators' own log of changes in the admin, about operators",
}


def _page(client):
    client.cookies["komunitas_language"] = "en"
    response = client.get("/privasi/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_states_every_period_from_the_settings(client, settings):
    settings.READ_ACTIVITY_RETENTION_DAYS = 417
    settings.NOTIFICATION_RETENTION_DAYS = 183
    settings.MAIL_RETENTION_DAYS = 97
    settings.ACCOUNT_EXPORT_DAYS = 9
    settings.DISCUSSIONS_REMOVED_FILES_DAYS = 33
    settings.LOGIN_LOCKOUT_MINUTES = 17
    settings.SESSION_COOKIE_AGE = 21 * 86400
    page = _page(client)
    assert "Which days you read in a community: 417 days" in page
    assert "Notifications: 183 days" in page
    assert "could not be delivered): 97 days" in page
    assert "A copy of your data: 9 days" in page and "ready for 9 days" in page
    assert "33 days, then it leaves the storage" in page
    assert "Failed logins: 17 minutes" in page
    assert "A login session: 21 days" in page


def test_the_page_says_where_files_are_kept(client, settings):
    assert "private folder on the server" in _page(client)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {}},
    }
    assert "private object storage" in _page(client)


def test_every_table_about_a_person_is_named_on_the_page(client):
    page = _page(client)
    user_model = apps.get_model(django_settings.AUTH_USER_MODEL)
    about_people = {user_model._meta.label_lower}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is user_model:
                about_people.add(model._meta.label_lower)
    missing = sorted(
        label
        for label in about_people
        if f"<code>{label}</code>" not in page and label not in NOT_ON_THE_PAGE
    )
    assert not missing, f"name these tables on the privacy page: {missing}"
    assert len(about_people) > 40  # the check sees the tables, not nothing
