"""Plain factories: functions that make a valid object with as little as the test cares about."""

import itertools

from django.utils import timezone

from komunitas.accounts.models import Regency, School, User

PASSWORD = "kata-sandi-rahasia-123"
_seq = itertools.count(1)


def make_school(**fields) -> School:
    n = next(_seq)
    defaults = {
        "npsn": f"{30000000 + n}",
        "name": f"SD Negeri Contoh {n}",
        "level": School.Level.SD,
        "status": School.Status.NEGERI,
        "regency": Regency.objects.get(code="34.04"),
    }
    return School.objects.create(**{**defaults, **fields})


def make_user(email=None, *, password=PASSWORD, verified=True, **fields) -> User:
    n = next(_seq)
    fields.setdefault("full_name", f"Guru Contoh {n}")
    if verified:
        fields.setdefault("email_verified_at", timezone.now())
    return User.objects.create_user(email or f"guru{n}@contoh.test", password, **fields)


def make_community(fasilitator=None, **fields):
    """A community with ``fasilitator`` (made when not given) as its first fasilitator."""
    from komunitas.communities.actions import do_start_community
    from komunitas.communities.models import Community

    n = next(_seq)
    defaults = {
        "name": f"Komunitas Contoh {n}",
        "slug": f"komunitas-contoh-{n}",
        "domain": "Pembelajaran berdiferensiasi",
    }
    community = Community(**{**defaults, **fields})
    return do_start_community(
        community=community, by=fasilitator or make_user(role=User.Role.GURU_PENGGERAK)
    )
