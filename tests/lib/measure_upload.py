"""Run in a fresh process: check one file as an upload and print what it cost.

``python -m tests.lib.measure_upload KIND PATH`` (KIND: image, document) prints
``<code or ok> <peak RSS over baseline in bytes> <seconds>``. The baseline is the resident size
after a small file of the same kind was checked (modules loaded, caches warm); the peak is the
kernel's high-water mark after it was reset, so memory that no Python allocator sees (Pillow's,
zlib's) is counted.
"""

import os
import sys
import time


def _status(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def main(kind: str, path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
    import django

    import komunitas.lib.pytest_env  # noqa: F401  (the test environment: a throwaway key)

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from komunitas.lib import uploads
    from tests.files import office_bytes, pdf_bytes, png_bytes

    check = {"image": uploads.clean_image, "document": uploads.clean_document}[kind]
    name = os.path.basename(path)
    with open(path, "rb") as f:
        content = f.read()
    warm = {"image": ("w.png", png_bytes((64, 64))), "document": ("w.pdf", pdf_bytes())}[kind]
    check(SimpleUploadedFile(*warm))
    if kind == "document":
        check(SimpleUploadedFile("w.docx", office_bytes(0.1)))
    upload = SimpleUploadedFile(name, content)
    baseline = _status("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset the high-water mark to the current size
    started = time.monotonic()
    try:
        check(upload)
        outcome = "ok"
    except ValidationError as error:
        outcome = error.code
    seconds = time.monotonic() - started
    print(outcome, _status("VmHWM") - baseline, f"{seconds:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
