"""Load the reference data that every installation needs: regions, phases and subjects.

Reads the CSV files in accounts/data/. Re-running updates rows by code, so a later migration can
ship corrected data by calling load() again.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
PHASES = ["fondasi", "A", "B", "C", "D", "E", "F"]


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load(apps, schema_editor):
    Province = apps.get_model("accounts", "Province")
    Regency = apps.get_model("accounts", "Regency")
    District = apps.get_model("accounts", "District")
    Phase = apps.get_model("accounts", "Phase")
    Subject = apps.get_model("accounts", "Subject")
    for row in _rows("provinces.csv"):
        Province.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    for row in _rows("regencies.csv"):
        Regency.objects.update_or_create(
            code=row["code"],
            defaults={"province_id": row["province_code"], "kind": row["kind"], "name": row["name"]},
        )
    existing = set(District.objects.values_list("code", flat=True))
    District.objects.bulk_create(
        [
            District(code=row["code"], regency_id=row["regency_code"], name=row["name"])
            for row in _rows("districts.csv")
            if row["code"] not in existing
        ],
        batch_size=500,
    )
    for position, code in enumerate(PHASES):
        Phase.objects.update_or_create(code=code, defaults={"position": position})
    for position, row in enumerate(_rows("subjects.csv")):
        Subject.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_id": row["name_id"],
                "name_en": row["name_en"],
                "levels": row["levels"].replace(";", ","),
                "position": position,
            },
        )


def unload(apps, schema_editor):
    for model in ("District", "Regency", "Province", "Phase", "Subject"):
        apps.get_model("accounts", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
