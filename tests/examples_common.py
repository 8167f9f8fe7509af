"""What the three example tests share: the workbook built from its data file and recomputed, and lookups."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from lkjip_xl.api import recompute
from lkjip_xl.filldata import build_from_data, example_data, load_data


def example_fixtures(name):
    """Module-scoped fixtures ``book`` (the built workbook), ``outcome`` (its recompute) and ``c`` (computed)."""

    @pytest.fixture(scope="module")
    def book(tmp_path_factory):
        out = tmp_path_factory.mktemp(name) / f"{name}.xlsx"
        build_from_data(load_data(example_data(name)), out)
        return out

    @pytest.fixture(scope="module")
    def outcome(book):
        return recompute(book)

    @pytest.fixture(scope="module")
    def c(outcome):
        return outcome.computed

    return book, outcome, c


def r2(v):
    return None if v is None else Decimal(v).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def D(s):
    return Decimal(s)


def ind(c, code):
    return next(i for i in c.indicators if i.code == code)


def grp(c, code):
    return next(g for g in c.groups if g.code == code)


def bud(c, code):
    return next(b for b in c.budget if b.code == code)


prog = bud


def eff(c, code):
    return next(e for e in c.efisiensi if e.code == code)
