"""Report and roll-up file names from workbook text stay inside the output folder and valid everywhere."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.filename import file_stem


@pytest.mark.parametrize(("words", "stem"), [
    (("LKjIP", "Kecamatan Purwareja Klampok", 2024), "LKjIP-Kecamatan-Purwareja-Klampok-2024"),
    (("LKjIP", "Kecamatan Utara/Selatan", 2024), "LKjIP-Kecamatan-Utara-Selatan-2024"),
    (("LKjIP", "Kec/../../../X", 2024), "LKjIP-Kec-X-2024"),
    (("LKjIP", "C:\\Windows\\x", None), "LKjIP-C-Windows-x"),
    (("Rekap-LKjIP", "Kabupaten Banjarnegara", None), "Rekap-LKjIP-Kabupaten-Banjarnegara"),
    (("CON",), "LKjIP"),
    (("..",), "LKjIP"),
])
def test_file_stem(words, stem):
    assert file_stem(*words) == stem


@given(st.text(max_size=400))
def test_any_text_gives_one_plain_name(text):
    stem = file_stem("LKjIP", text, 2024)
    assert "/" not in stem and "\\" not in stem and ".." not in stem and "\x00" not in stem
    assert not stem.startswith((".", "-")) and 0 < len(stem) <= 120
