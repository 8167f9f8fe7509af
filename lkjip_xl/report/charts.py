"""The report's charts as PNG files: what people would rather look at than read."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ..compute import Computed
from ..fmt import angka

__all__ = ["make_charts"]


def _plt() -> Any:
    """matplotlib.pyplot on the Agg backend, imported on first use (it is slow to import), with the report's
    settings."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # text.parse_math off: a "$" in an indicator or program name is a rupiah sign, never the start of a formula
    # (an invalid one would stop the report, a valid one would draw maths)
    plt.rcParams.update({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
                         "text.parse_math": False})
    return plt


def _wrap(s: str, n: int = 28) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(s, n)[:3]) or "-"


def _f(v: Decimal | int | None) -> float:
    return 0.0 if v is None else float(v)


def make_charts(c: Computed, out_dir: Path) -> dict[str, Path]:
    """Write the charts whose data is present; return their paths by the context's figure keys."""
    plt = _plt()
    out_dir.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}

    inds = [i for i in c.indicators]
    if inds:
        fig, ax = plt.subplots(figsize=(6.5, 0.6 + 0.55 * len(inds)))
        labels = [_wrap(f"{i.code} {i.nama}", 40) for i in inds]
        vals = [_f(i.capaian.value) for i in inds]
        bars = ax.barh(range(len(inds)), vals, color=["#2e7d32" if v >= 100 else "#f9a825" for v in vals])
        ax.axvline(100, color="#c62828", linestyle="--", linewidth=1)
        ax.set_yticks(range(len(inds)), labels)
        ax.invert_yaxis()
        ax.set_xlabel("Capaian (%); garis putus-putus = target 100%")
        for b, i in zip(bars, inds):
            ax.text(b.get_width(), b.get_y() + b.get_height() / 2, " " + angka(i.capaian.value) + "%"
                    if i.capaian.value is not None else " belum tersedia", va="center", fontsize=8)
        ax.set_xlim(0, max([110.0, *vals]) * 1.15)
        fig.tight_layout()
        made["capaian"] = out_dir / "capaian.png"
        fig.savefig(made["capaian"], dpi=150)
        plt.close(fig)

    progs = [b for b in c.budget if b.level == "Program"]
    if progs:
        fig, ax = plt.subplots(figsize=(6.5, 0.6 + 0.55 * len(progs)))
        vals = [_f(b.serapan) for b in progs]
        bars = ax.barh(range(len(progs)), vals, color="#1565c0")
        ax.set_yticks(range(len(progs)), [_wrap(b.uraian, 40) for b in progs])
        ax.invert_yaxis()
        ax.set_xlabel("Serapan (%)")
        ax.set_xlim(0, max([100.0, *vals]) * 1.15)
        for b, p in zip(bars, progs):
            ax.text(b.get_width(), b.get_y() + b.get_height() / 2, " " + angka(p.serapan) + "%"
                    if p.serapan is not None else " -", va="center", fontsize=8)
        fig.tight_layout()
        made["serapan"] = out_dir / "serapan.png"
        fig.savefig(made["serapan"], dpi=150)
        plt.close(fig)

    hist = c.budget_history
    if len(hist) > 1:
        fig, ax = plt.subplots(figsize=(6.5, 3.2))
        xs = range(len(hist))
        w = 0.38
        ax.bar([x - w / 2 for x in xs], [_f(p) / 1e9 for _, p, _, _ in hist], w, label="Pagu", color="#90a4ae")
        ax.bar([x + w / 2 for x in xs], [_f(r) / 1e9 for _, _, r, _ in hist], w, label="Realisasi", color="#1565c0")
        ax.set_xticks(list(xs), [str(y) for y, *_ in hist])
        ax.set_ylabel("Miliar rupiah")
        ax.yaxis.set_major_formatter(lambda v, _pos: angka(Decimal(str(v)), 2))
        ax.legend(fontsize=8)
        fig.tight_layout()
        made["riwayat_anggaran"] = out_dir / "riwayat_anggaran.png"
        fig.savefig(made["riwayat_anggaran"], dpi=150)
        plt.close(fig)
    return made
