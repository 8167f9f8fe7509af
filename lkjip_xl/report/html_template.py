"""Generate the default HTML template `templates/laporan.html.j2` from the outline, as the Word one is.

The committed file is this function's output (``make template``; a test keeps them equal). A kabupaten may edit
its own copy: it is plain Jinja over the same context as the Word template.
"""

from __future__ import annotations

from pathlib import Path

from .outline import (
    OUTLINE,
    Block,
    Cover,
    Figure,
    Heading,
    Images,
    Index,
    Loop,
    Narasi,
    Para,
    Section,
    Signature,
    Table,
    When,
)

__all__ = ["build_html_template", "html_template"]

_STYLE = """\
 body { font-family: "Times New Roman", "Liberation Serif", serif; max-width: 62em; margin: 2em auto; padding: 0 1em;
        line-height: 1.5; color: #111; }
 h1 { text-align: center; font-size: 1.35em; margin-top: 2.5em; } h2 { font-size: 1.15em; margin-top: 1.8em; }
 h3 { font-size: 1.05em; } p { text-align: justify; }
 table { border-collapse: collapse; width: 100%; margin: .3em 0 1.5em; font-size: .88em; }
 th, td { border: 1px solid #555; padding: .25em .4em; vertical-align: top; }
 th { background: #d9e2f3; } td.num, td.money { text-align: right; } td.money, td.code { white-space: nowrap; }
 caption { caption-side: top; font-weight: bold; padding: .4em; }
 tr.program td { font-weight: bold; } tr.kegiatan td.wide { font-style: italic; padding-left: 1em; }
 tr.sub-kegiatan td.wide { padding-left: 2em; } tr.jumlah td { font-weight: bold; }
 figure { text-align: center; margin: 1em 0; } figure img { max-width: 100%; }
 figcaption { font-weight: bold; }
 .draf { color: #b00; font-weight: bold; text-align: right; } .kosong { font-style: italic; color: #666; }
 .ttd { margin-left: 55%; margin-top: 2em; } .ttd .nama { font-weight: bold; text-decoration: underline; }
 .sampul { text-align: center; margin: 3em 0 6em; } .sampul .judul { font-size: 1.6em; font-weight: bold; }
 .sampul .kop { font-size: 1.25em; font-weight: bold; } .sampul img { width: 8em; }
 nav ol { list-style: none; padding-left: 0; } nav li li { padding-left: 1.5em; }
 @media print { h1 { page-break-before: always; } .sampul { page-break-after: always; } }"""


def html_template(outline: tuple[Block, ...] = OUTLINE, *, note: str = "laporan LKjIP") -> str:
    """The HTML template of ``outline`` (the LKjIP's by default; the roll-up passes its own)."""
    out: list[str] = []
    w = out.append

    def expr(e: str) -> str:
        return "{{ " + e + " }}"

    def table(t: Table) -> None:
        cond = t.when or t.caption
        if cond:
            w(f"{{% if {cond} %}}")
        w("<table>")
        if t.caption:
            w(f"<caption>{expr(t.caption + '.caption')}</caption>")
        heads = []
        for c in t.cols:
            if c.repeat:
                heads.append(f"{{% for {c.repeat[0]} %}}<th>{c.header}</th>{{% endfor %}}")
            else:
                heads.append(f"<th>{c.header}</th>")
        w("<thead><tr>" + "".join(heads) + "</tr></thead>")
        w(f"<tbody>{{% for {t.loop} %}}")
        row_class = f' class="{{{{ ({t.level})|lower|replace(\' \', \'-\') }}}}"' if t.level else ""
        cells = []
        for c in t.cols:
            if c.repeat:
                cells.append(f"{{% for {c.repeat[1]} %}}<td class=\"{c.kind}\">{expr(c.expr)}</td>{{% endfor %}}")
            else:
                cells.append(f'<td class="{c.kind}">{expr(c.expr)}</td>')
        w(f"<tr{row_class}>" + "".join(cells) + "</tr>")
        w("{% endfor %}")
        if t.total:
            tot = []
            for c, e in zip(t.cols, t.total):
                tot.append(f'<td class="{c.kind}">{expr(e) if e and e != "Jumlah" else e}</td>')
            w('<tr class="jumlah">' + "".join(tot) + "</tr>")
        w("</tbody></table>")
        if cond:
            w("{% endif %}")

    def narasi(b: Narasi) -> None:
        w(f"{{% for n in narasi_blok[{b.key!r}] %}}{{% if n.judul %}}<p><strong>{{{{ n.judul }}}}</strong></p>"
          "{% endif %}{% for p in n.paragraf %}<p>{{ p }}</p>{% endfor %}{% endfor %}")
        if b.required:
            w(f"{{% if not (narasi_blok[{b.key!r}] or gambar_staf[{b.key!r}]) %}}<p class=\"kosong\">[Bagian ini belum diisi: tulis pada "
              f"lembar Narasi, Bagian «{b.key}».]</p>{{% endif %}}")

    def walk(blocks: tuple[Block, ...]) -> None:
        for b in blocks:
            if isinstance(b, Section):
                continue
            if isinstance(b, Cover):
                w('<div class="sampul">')
                w('<p class="judul">' + "<br>".join(b.title) + "</p>")
                w('{% if logo %}<p><img src="{{ logo }}" alt="Logo"></p>{% endif %}')
                w('<p class="kop">' + "<br>".join(b.kop) + "</p>")
                w("{% if kop.alamat %}<p>{{ kop.alamat }}</p>{% endif %}")
                w(f'<p class="kop">{{{{ {b.year} }}}}</p>')
                w("</div>")
            elif isinstance(b, Heading):
                w(f"<h{b.level}>{b.text}</h{b.level}>")
            elif isinstance(b, Para):
                body = b.expr if b.text else expr(b.expr)
                if b.bold:
                    body = f"<strong>{body}</strong>"
                line = f"<p>{body}</p>"
                w(f"{{% for {b.loop} %}}{line}{{% endfor %}}" if b.loop else line)
            elif isinstance(b, Narasi):
                narasi(b)
            elif isinstance(b, Table):
                table(b)
            elif isinstance(b, Figure):
                w(f'{{% if grafik.{b.name} %}}<figure><img src="{{{{ grafik.{b.name} }}}}" '
                  f'alt="{{{{ gambar.{b.name}.judul }}}}"><figcaption>{{{{ gambar.{b.name}.caption }}}}</figcaption>'
                  "</figure>{% endif %}")
            elif isinstance(b, Images):
                w(f'{{% for g in gambar_staf[{b.jenis!r}] %}}<figure><img src="{{{{ g.gambar }}}}" '
                  'alt="{{ g.caption }}">{% if g.caption %}<figcaption>{{ g.caption }}</figcaption>{% endif %}'
                  "</figure>{% endfor %}")
            elif isinstance(b, Signature):
                w('<div class="ttd">{{ ttd.tempat_tanggal }}<br>{{ ttd.jabatan }}<br><br><br>'
                  '<span class="nama">{{ ttd.nama }}</span><br>'
                  + ("{% if ttd.pangkat %}{{ ttd.pangkat }}<br>{% endif %}" if b.pangkat else "")
                  + "{{ ttd.nip }}</div>")
            elif isinstance(b, Index):
                if b.kind == "isi":
                    w(_contents(outline))
                else:
                    w(f"<ol>{{% for x in daftar_{b.kind} %}}<li>{{{{ x.caption }}}}</li>{{% endfor %}}</ol>")
            elif isinstance(b, When):
                w(f"{{% if {b.cond} %}}")
                walk(b.blocks)
                w("{% endif %}")
            elif isinstance(b, Loop):
                w(f"{{% for {b.each} %}}")
                walk(b.blocks)
                w("{% endfor %}")
            else:  # pragma: no cover - a block type without a writer is a programming error
                raise TypeError(b)

    w("<!DOCTYPE html>")
    w(f"{{# Templat HTML {note}, dibuat dari garis besarnya (make template). Boleh diubah; semua angka "
      "berasal dari lkjip_xl (lihat docs/laporan.md). #}")
    w('<html lang="id">')
    w('<head>\n<meta charset="utf-8">\n<title>{{ judul }}</title>\n<style>\n' + _STYLE + "\n</style>\n</head>")
    w("<body>")
    w('{% if draf %}<p class="draf">DRAF — belum final: {{ draf_alasan }}</p>{% endif %}')
    walk(outline)
    w("</body>\n</html>\n")
    return "\n".join(out)


def _contents(outline: tuple[Block, ...]) -> str:
    """Daftar Isi: the chapters and their sections always printed, as links (the page has no page numbers)."""
    items: list[tuple[str, list[str]]] = []
    for b in outline:
        if isinstance(b, Heading) and b.level == 1 and b.text != "DAFTAR ISI":
            items.append((b.text, []))
        elif isinstance(b, Heading) and b.level == 2 and items and "{" not in b.text:
            items[-1][1].append(b.text)
    html = ["<nav><ol>"]
    for title, subs in items:
        html.append(f"<li>{title}" + ("<ol>" + "".join(f"<li>{x}</li>" for x in subs) + "</ol>" if subs else "")
                    + "</li>")
    html.append("</ol></nav>")
    return "".join(html)


def build_html_template(out: str | Path, outline: tuple[Block, ...] = OUTLINE, *, note: str = "laporan LKjIP") -> Path:
    out = Path(out)
    out.write_text(html_template(outline, note=note), encoding="utf-8")
    return out
