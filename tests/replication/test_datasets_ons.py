"""The ONS lookups shipped as datasets (``ons2022/*``): the same bytes as the ONS files
(SHA-256 of the decompressed content), the facts their README states, every backend, and
numpy alone."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from reference import read_sha256sums

import coterminous as ct

SHIPPED = Path(ct.__file__).resolve().parent / "data" / "ons2022"
CHECKSUMS = Path(__file__).resolve().parents[1] / "data" / "ons2022.sha256"
ONS = [n for n in ct.datasets.names() if n.startswith("ons2022/")]
LSOA = "ons2022/lsoa11_icb22"
LSOA_COLUMNS = [
    "lsoa11_code", "lsoa11_name", "sicbl22_code", "sicbl22_code_h", "sicbl22_name", "icb22_code",
    "icb22_code_h", "icb22_name", "ltla22_code", "ltla22_name", "population_mid2020",
]  # fmt: skip


def _checksums() -> dict[str, str]:
    return read_sha256sums(CHECKSUMS)


def _decompressed(name: str) -> bytes:
    return gzip.decompress((SHIPPED / f"{name}.gz").read_bytes())


def test_names_and_descriptions():
    assert ONS == [
        "ons2022/lsoa11_icb22", "ons2022/ltla21_utla21", "ons2022/ltla22_ltla23", "ons2022/ltla23_utla23",
        "ons2022/lsoa21_icb24",
    ]  # fmt: skip
    for name in ONS:
        d = ct.datasets.describe(name)
        assert d.name == name and d.licence.startswith("Open Government Licence v3.0")
        assert d.attribution.startswith("Source: Office for National Statistics licensed under the Open Government")
        assert "ONS" in d.source and d.file.endswith(".csv.gz")
        text = str(d)
        for part in ("source:", "licence:", "attribution:", f"{d.rows:,}", *d.columns):
            assert part in text, (name, part)
    assert list(ct.datasets.describe(LSOA).columns) == LSOA_COLUMNS
    assert "Open Government Licence v3.0" in ct.datasets.provenance("ons2022")
    assert ct.datasets.provenance("ons2022/ltla21_utla21") == ct.datasets.provenance("ons2022")
    with pytest.raises(ValueError, match="no data set 'ons2022/nothing'"):
        ct.datasets.describe("ons2022/nothing")
    with pytest.raises(ValueError, match="no collection 'ons1999'"):
        ct.datasets.provenance("ons1999")


def test_shipped_files_match_the_ons_checksums():
    """Always runs: the decompressed tables and the README are byte for byte the ONS files
    whose SHA-256 is recorded in tests/data/ons2022.sha256."""
    expected = _checksums()
    shipped = sorted(p.name for p in SHIPPED.iterdir() if p.is_file())
    assert shipped == sorted(["datasets.json", *(n if n == "README.md" else f"{n}.gz" for n in expected)])
    for name, digest in expected.items():
        data = (SHIPPED / name).read_bytes() if name == "README.md" else _decompressed(name)
        assert hashlib.sha256(data).hexdigest() == digest, name
    # each description names a shipped file
    assert sorted(ct.datasets.describe(n).file.split("/")[1] for n in ONS) == sorted(
        f"{n}.gz" for n in expected if n != "README.md"
    )


@pytest.mark.parametrize("name", ONS)
def test_loaded_equals_an_independent_read_of_the_file(name):
    """pandas' own CSV reader on the decompressed file, with the documented renames."""
    d = ct.datasets.describe(name)
    ref = pd.read_csv(io.BytesIO(_decompressed(d.file.split("/")[1][: -len(".gz")])), dtype=str, keep_default_na=False)
    cols = ct.datasets.read_columns(name)
    assert list(cols) == list(d.columns) and len(ref) == d.rows
    for column, file_column in d.file_columns.items():
        assert len(cols[column]) == d.rows
        assert [str(v) for v in cols[column].tolist()] == ref[file_column].tolist(), column
    renamed = {c: f for c, f in d.file_columns.items() if c != f}
    assert renamed == ({"sicbl24_code_h": "sicbl24_code_nhs", "icb24_code_h": "icb24_code_nhs"} if "24" in name else {})


def test_readme_facts_hold_in_the_loaded_data():
    readme = ct.datasets.provenance("ons2022")
    flat = " ".join(readme.split())
    lsoa = ct.datasets.read_columns(LSOA)
    facts = {
        "32,844 distinct LSOA11": len(set(lsoa["lsoa11_code"].tolist())),
        "106 Sub ICB Locations": len(set(lsoa["sicbl22_code"].tolist())),
        "42 ICBs": len(set(lsoa["icb22_code"].tolist())),
        "309 districts in the 2022 file": len(set(lsoa["ltla22_code"].tolist())),
        "sum to 56,550,138 for England": int(lsoa["population_mid2020"].sum()),
    }
    for phrase, value in facts.items():
        assert phrase in flat, phrase
        assert int(re.search(r"[\d,]+", phrase).group().replace(",", "")) == value, phrase
    # the NHS codes pair one to one with the GSS codes
    assert len(set(zip(lsoa["icb22_code"].tolist(), lsoa["icb22_code_h"].tolist()))) == 42
    assert len(set(zip(lsoa["sicbl22_code"].tolist(), lsoa["sicbl22_code_h"].tolist()))) == 106
    # "12 districts lie in more than one ICB (for example East Suffolk, split 73/73 LSOAs)"
    pairs = pd.DataFrame({"ltla": lsoa["ltla22_name"], "icb": lsoa["icb22_code"]})
    per = pairs.groupby("ltla")["icb"].nunique()
    assert "12 districts lie in more than one ICB" in flat and int((per > 1).sum()) == 12
    assert sorted(pairs[pairs.ltla == "East Suffolk"].icb.value_counts().tolist()) == [73, 73]
    # "England: 309 districts in 152 upper-tier councils" (2021), "296 districts, 153" (2023)
    for name, lt, ut, n_lt, n_ut in (
        ("ons2022/ltla21_utla21", "ltla21_code", "utla21_code", 309, 152),
        ("ons2022/ltla23_utla23", "ltla23_code", "utla23_code", 296, 153),
    ):
        t = ct.datasets.read_columns(name)
        england = np.char.startswith(t[lt].astype(str), "E")
        assert (len(set(t[lt][england])), len(set(t[ut][england]))) == (n_lt, n_ut), name
    assert f"{309} districts in 152 upper-tier councils" in flat and "296 districts, 153 upper-tier councils" in flat
    # the 2024 file: Surrey Heartlands and Sussex have new GSS codes, the same NHS codes
    icb24 = ct.datasets.read_columns("ons2022/lsoa21_icb24")
    new = dict(zip(icb24["icb24_code"].tolist(), icb24["icb24_code_h"].tolist()))
    old = dict(zip(lsoa["icb22_code_h"].tolist(), lsoa["icb22_code"].tolist()))
    for code in ("E54000063", "E54000064"):
        assert code in new and old[new[code]] not in new, code


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "dict"])
@pytest.mark.parametrize("name", ONS)
def test_every_backend(name, backend):
    t = ct.datasets.load(name, backend=backend)
    ref = ct.datasets.read_columns(name)
    kind = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.Table, "dict": dict}[backend]
    assert isinstance(t, kind)
    as_lists = {
        "pandas": lambda: {c: t[c].tolist() for c in t.columns},
        "polars": lambda: {c: t[c].to_list() for c in t.columns},
        "pyarrow": lambda: t.to_pydict(),
        "dict": lambda: {c: v.tolist() for c, v in t.items()},
    }[backend]()
    assert as_lists == {c: v.tolist() for c, v in ref.items()}
    if name == LSOA:  # integer population stays integer
        dtype = {
            "pandas": lambda: t["population_mid2020"].dtype == np.int64,
            "polars": lambda: t["population_mid2020"].dtype == pl.Int64,
            "pyarrow": lambda: t.schema.field("population_mid2020").type == pa.int64(),
            "dict": lambda: t["population_mid2020"].dtype == np.int64,
        }[backend]()
        assert dtype


def test_read_columns_gives_the_caller_its_own_arrays():
    a = ct.datasets.read_columns("ons2022/ltla21_utla21")
    a["utla21_name"][0] = "changed"
    assert ct.datasets.read_columns("ons2022/ltla21_utla21")["utla21_name"][0] == "Hartlepool"


def test_errors():
    with pytest.raises(ValueError, match="backend"):
        ct.datasets.load(LSOA, backend="excel")
    with pytest.raises(ValueError, match="no data set"):
        ct.datasets.load("ons2022/lsoa11_icb23", backend="dict")


def test_numpy_alone():
    """With pandas, polars and pyarrow unimportable, the data load as a dict of numpy arrays."""
    code = (
        "import sys\n"
        "for m in ('pandas', 'polars', 'pyarrow'): sys.modules[m] = None\n"
        "import coterminous as ct\n"
        "d = ct.datasets.load('ons2022/lsoa11_icb22', backend='dict')\n"
        "assert int(d['population_mid2020'].sum()) == 56550138, d\n"
        "assert len(ct.datasets.read_columns('ons2022/lsoa21_icb24')['lsoa21_code']) == 33755\n"
        "print(ct.datasets.describe('ons2022/ltla23_utla23').rows)\n"
        "try:\n"
        "    ct.datasets.load('ons2022/lsoa11_icb22')\n"
        "except ImportError as e:\n"
        "    print('ImportError', 'pandas' in str(e))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["318", "ImportError", "True"], out.stderr


# ---------------------------------------------------------------- wrong names (issue 19 item 18)


def test_a_name_that_is_not_a_string_is_a_type_error() -> None:
    for call in (ct.datasets.provenance, ct.datasets.load, ct.datasets.describe, ct.datasets.read_columns):
        for bad in (None, ["x"], 3):
            with pytest.raises(ct.CoterminousTypeError, match="name: expected a data set's name"):
                call(bad)  # type: ignore[operator]


def test_provenance_of_a_table_that_does_not_exist() -> None:
    with pytest.raises(ct.CoterminousValueError, match="no data set 'ons2022/no_such_table'") as info:
        ct.datasets.provenance("ons2022/no_such_table")
    for name in ct.datasets.names():
        assert (name in str(info.value)) == name.startswith("ons2022/")
    assert ct.datasets.provenance("ons2022/lsoa11_icb22") == ct.datasets.provenance("ons2022")
    with pytest.raises(ct.CoterminousValueError, match="no collection 'nope'"):
        ct.datasets.provenance("nope")


def test_description_displays() -> None:
    d = ct.datasets.describe("ons2022/lsoa11_icb22")
    assert repr(d) == "<Description ons2022/lsoa11_icb22: 32,844 rows, 11 columns, Open Government Licence v3.0>"
    html = d._repr_html_()
    assert html.startswith('<div class="coterminous">') and "<style" not in html
    assert "Open Government Licence v3.0" in html and "population_mid2020" in html and "32,844" in html
    assert str(d).startswith("ons2022/lsoa11_icb22: ")  # print() keeps the long form
