"""Pictures staff place on the Gambar sheet appear in the report where their Jenis says: the logo on the cover,
the organisation chart in Bab I, photos of inovasi and kegiatan in Bab III, the rest in the Lampiran."""

import io
import zipfile

from docx import Document
from PIL import Image

from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.report import make_report


def png(size, color, fmt="PNG"):
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


PICTURES = [  # (Jenis, Keterangan, cell of the picture's corner, bytes)
    ("Logo", None, "C5", png((120, 140), (0, 80, 160))),
    ("Struktur Organisasi", "Bagan Susunan Organisasi Kecamatan", "C6", png((600, 360), (220, 220, 220), "JPEG")),
    ("Inovasi", "Peluncuran MADU INTAN", "C7", png((400, 300), (0, 160, 0))),
    ("Kegiatan", "Penghargaan Desa Wisata", "C8", png((400, 300), (200, 120, 0))),
    ("Lampiran", "Dokumentasi Musrenbang", "C9", png((400, 300), (120, 0, 120))),
]


def workbook(tmp_path):
    doc = load_data(example_data("purwareja-klampok-2024"))
    doc["tables"]["Gambar"] = [{"Jenis": j, "Keterangan": k} for j, k, _, _ in PICTURES]

    def decorate(wb, sheets):
        for _, _, cell, data in PICTURES:
            sheets["Gambar"].insert_image(cell, "gambar.png", {"image_data": io.BytesIO(data), "x_scale": 0.3,
                                                                "y_scale": 0.3})

    p = tmp_path / "wb.xlsx"
    build_from_data(doc, p, decorate=decorate)
    return p


def test_pictures_land_where_their_jenis_says(tmp_path):
    made = make_report(workbook(tmp_path), tmp_path, formats=["docx", "html"])
    with zipfile.ZipFile(made["docx"]) as z:
        media = sorted(z.read(n) for n in z.namelist() if n.startswith("word/media/"))
    for _, _, _, data in PICTURES:
        assert data in media  # the bytes staff inserted, unchanged
    doc = Document(str(made["docx"]))
    paras = doc.paragraphs
    texts = [p.text for p in paras]
    blip = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"

    def has_picture(p):
        return any(True for _ in p._p.iter(blip))

    # the logo is on the cover, before the title's year line closes the page
    first_picture = next(k for k, p in enumerate(paras) if has_picture(p))
    assert first_picture < texts.index("KATA PENGANTAR")
    for heading, caption in (("D. Struktur Organisasi", "Bagan Susunan Organisasi Kecamatan"),
                             ("E. Inovasi", "Peluncuran MADU INTAN"),
                             ("F. Capaian Kinerja Lainnya", "Penghargaan Desa Wisata"),
                             ("B. Gambar", "Dokumentasi Musrenbang")):
        start = texts.index(heading)
        nxt = next((k for k in range(start + 1, len(paras)) if paras[k].style.name.startswith("Heading")), len(paras))
        block = paras[start:nxt]
        assert any(has_picture(p) for p in block), heading
        assert caption in [p.text for p in block], heading
    html = made["html"].read_text(encoding="utf-8")
    assert html.count('src="data:image/') >= len(PICTURES)
    assert "Peluncuran MADU INTAN" in html
