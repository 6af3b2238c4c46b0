"""Customer-satisfaction-index models (SCSB, ACSI, ECSI, CCSI): constructs and structural paths."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from labkit import _validate as v
from labkit.curriculum import CSI_CONSTRUCTS, CSI_MODELS
from labkit.labels import Term
from labkit.satisfaction._tables import SURVEY_ITEMS
from labkit.errors import bilingual

__all__ = ['CSIModel', 'SCSB', 'ACSI', 'ECSI', 'CCSI', 'CSI_PRESETS', 'survey_measurement']


@dataclass(frozen=True)
class CSIModel:
    """A customer-satisfaction-index model: its constructs and structural paths.

    ``seed_paths`` are the paths the course material states; the others are standard in the
    literature (or, for CCSI, assumed by analogy with ECSI) and are labelled so.

    Examples
    --------
    >>> len(SCSB.constructs), len(SCSB.paths), len(SCSB.seed_paths)
    (5, 6, 5)
    """

    code: str
    year: int
    name: Term
    constructs: tuple[str, ...]
    paths: tuple[tuple[str, str], ...]
    seed_paths: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def source(self, edge: tuple[str, str]) -> str:
        """"seed" when the course states ``edge``, else "standard" (or "assumed" for CCSI)."""
        if edge not in self.paths:
            raise ValueError(bilingual(f"edge must be one of the {self.code} paths, got {edge!r}"))
        if edge in self.seed_paths:
            return "seed"
        return "assumed" if self.code == "CCSI" else "standard"

    def construct_terms(self) -> list[Term]:
        """The constructs as bilingual terms, in model order."""
        return [CSI_CONSTRUCTS[c] for c in self.constructs]

    def edges_table(self) -> pd.DataFrame:
        """One row per path: source, target (English and Chinese) and where it comes from."""
        rows = [(CSI_CONSTRUCTS[s].en, CSI_CONSTRUCTS[t].en, CSI_CONSTRUCTS[s].zh, CSI_CONSTRUCTS[t].zh,
                 self.source((s, t))) for s, t in self.paths]
        return pd.DataFrame(rows, columns=["source", "target", "来源变量", "结果变量", "basis"])

    def __repr__(self) -> str:
        return f"CSIModel({self.code}, {self.year}: {len(self.constructs)} constructs, {len(self.paths)} paths)"


def _preset(code: str, seed_paths: tuple, note: str = "") -> CSIModel:
    spec = CSI_MODELS[code]
    return CSIModel(code, spec["year"], spec["name"], tuple(spec["constructs"]), tuple(spec["paths"]),
                    tuple(seed_paths), note)


SCSB = _preset("SCSB", (("expectation", "satisfaction"), ("performance", "satisfaction"),
                        ("satisfaction", "complaints"), ("satisfaction", "loyalty"),
                        ("complaints", "loyalty")),
               "The sixth path, expectation -> performance, is standard (Fornell 1992).")


ACSI = _preset("ACSI", (), "The course names the six variables; all nine paths are standard (Fornell et al. 1996).")


ECSI = _preset("ECSI", (("image", "expectation"), ("image", "satisfaction"), ("image", "loyalty")),
               "Brand image's three paths are in the course; the rest are standard.")


CCSI = _preset("CCSI", (), "The course gives no CCSI paths: these are ACSI's with expected quality, "
                           "plus brand image paths by analogy with ECSI (an assumption).")


CSI_PRESETS: dict[str, CSIModel] = {m.code: m for m in (SCSB, ACSI, ECSI, CCSI)}


def survey_measurement(data: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """The ACSI measurement model of ``load_survey()``: construct -> its three item columns.

    Examples
    --------
    >>> survey_measurement()["value"]
    ['val_1', 'val_2', 'val_3']
    """
    m = {c: [f"{p}_{k}" for k in (1, 2, 3)] for c, p in SURVEY_ITEMS.items()}
    if data is not None:
        v.require_columns(data, [c for cols in m.values() for c in cols], "data")
    return m
