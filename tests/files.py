"""Files built in tests (no Django needed, so a measuring subprocess can use them too)."""


def pdf_bytes(catalog_extra: bytes = b"", *extra_objects: bytes, page_extra: bytes = b"") -> bytes:
    """A small real PDF (one blank page, a correct xref) that pypdf reads; ``catalog_extra`` goes
    into the catalog, ``page_extra`` into the page and ``extra_objects`` become objects 4, 5, …"""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + page_extra + b" >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png_bytes(size: tuple[int, int], mode: str = "RGB") -> bytes:
    """A one-colour PNG: a few KB however many pixels it claims."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int], *, progressive: bool = False) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG", progressive=progressive)
    return out.getvalue()


def office_bytes(entry_mb: float, entries: int = 1, *, kind="docx", text=False) -> bytes:
    """A .docx (or .xlsx, .pptx) whose ``entries`` parts each inflate to ``entry_mb`` MB, written
    in chunks so that building it costs little memory. The parts repeat one tag (a bomb: about
    1000 to 1) or, with ``text``, read like a document's XML (about 10 to 1, as real ones do)."""
    import io
    import random
    import zipfile

    prefix = {"docx": "word", "xlsx": "xl", "pptx": "ppt"}[kind]
    if text:
        rng = random.Random(14)
        words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
                 for _ in range(300)]  # fmt: skip
        runs = (
            f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{rng.choice(words)} '
            f"{rng.choice(words)}</w:t></w:r></w:p>"
            for _ in range(3000)
        )
        chunk = "".join(runs).encode()[:65536]
    else:
        chunk = b"<w:t>a</w:t>" * 5461
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        for n in range(entries):
            with archive.open(f"{prefix}/part{n}.xml", "w", force_zip64=True) as part:
                left = int(entry_mb * 1024 * 1024)
                while left > 0:
                    part.write(chunk[:left])
                    left -= len(chunk)
    return out.getvalue()


def pdf_with_stream_bomb(inflated_mb: int) -> bytes:
    """A PDF whose page content inflates to ``inflated_mb`` MB."""
    import zlib

    compressor = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    data = b"".join(compressor.compress(block) for _ in range(inflated_mb)) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    return pdf_bytes(b"", stream, page_extra=b"/Contents 4 0 R")
