"""PLS path modelling (偏最小二乘结构方程模型, PLS-SEM) with consistent PLS (PLSc)."""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Mapping, Protocol, Sequence, runtime_checkable

import numpy as np
import pandas as pd

from labkit import _validate as v
from labkit.errors import FitWarning
from labkit.errors import bilingual

__all__ = ['pls_sem', 'PLSResult']


@runtime_checkable
class HasPaths(Protocol):
    """Anything with structural ``paths`` (source, target), such as :class:`labkit.satisfaction.CSIModel`."""

    paths: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PLSResult:
    """A fitted PLS path model.

    ``paths`` maps (source, target) to the standardised path coefficient, ``r2`` maps each
    endogenous construct to its R², ``loadings`` and ``weights`` are Series indexed by
    indicator, ``scores`` holds the standardised construct scores.
    """

    paths: dict[tuple[str, str], float]
    r2: dict[str, float]
    loadings: pd.Series = field(repr=False)
    weights: pd.Series = field(repr=False)
    scores: pd.DataFrame = field(repr=False)
    iterations: int = 0
    converged: bool = True

    def paths_table(self, truth: Mapping | None = None) -> pd.DataFrame:
        """The path coefficients as a table (with the true values and the error when given)."""
        df = pd.DataFrame([(s, t, b) for (s, t), b in self.paths.items()],
                          columns=["source", "target", "estimate"])
        if truth is not None:
            tv = {(k if isinstance(k, tuple) else tuple(k.split("->"))): x for k, x in truth.items()}
            df["truth"] = [tv.get((s, t), np.nan) for s, t in zip(df.source, df.target)]
            df["error"] = df["estimate"] - df["truth"]
        return df

    def __repr__(self) -> str:
        p = ", ".join(f"{s}->{t}={b:.3f}" for (s, t), b in self.paths.items())
        return f"PLSResult({len(self.paths)} paths: {p}; {self.iterations} iterations)"


def _standardise(x: np.ndarray) -> np.ndarray:
    sd = x.std(axis=0, ddof=1)
    return (x - x.mean(axis=0)) / sd


# Fewest respondents pls_sem accepts; below it the outer weights and paths are not estimable.
PLS_MIN_ROWS = 10


def pls_sem(data: pd.DataFrame, measurement: Mapping[str, Sequence[str]],
            structure: Sequence[tuple[str, str]] | HasPaths, *, scheme: str = "path",
            consistent: bool = False, max_iter: int = 300, tol: float = 1e-7) -> PLSResult:
    """PLS path modelling (Wold's PLS algorithm, Lohmöller 1989) with mode A outer estimation.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; indicators are standardised column by column.
    measurement : dict
        Construct -> its indicator columns (reflective, mode A).
    structure : list of (source, target), or a model with a ``paths`` attribute (a CSIModel)
        The structural paths (must form an acyclic graph).
    scheme : {"path", "centroid", "factor"}
        Inner weighting scheme; "path" (path weighting) is the default of SmartPLS and seminr.
    consistent : bool
        Apply consistent PLS (PLSc; Dijkstra & Henseler 2015): divide construct correlations by
        the square roots of the reliabilities rho_A before estimating paths and loadings, which
        removes the downward bias plain PLS has for reflective constructs.
    max_iter, tol : int, float
        Stop when the sum of squared changes in the outer weights is below ``tol``.

    Returns
    -------
    PLSResult

    References
    ----------
    Wold, H. (1982). Soft modelling. Lohmöller, J.-B. (1989). *Latent Variable Path Modeling
    with Partial Least Squares*. Tenenhaus et al. (2005), PLS path modeling, CSDA 48.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=2000); y = 0.6 * x + rng.normal(scale=0.8, size=2000)
    >>> df = pd.DataFrame({f"x{i}": x + rng.normal(scale=0.3, size=2000) for i in (1, 2, 3)}
    ...                   | {f"y{i}": y + rng.normal(scale=0.3, size=2000) for i in (1, 2, 3)})
    >>> r = pls_sem(df, {"X": ["x1", "x2", "x3"], "Y": ["y1", "y2", "y3"]}, [("X", "Y")])
    >>> round(r.paths[("X", "Y")], 2)
    0.58
    """
    v.dataframe("data", data)
    v.one_of("scheme", scheme, ("path", "centroid", "factor"))
    max_iter = v.integer("max_iter", max_iter, low=1)
    tol = v.number("tol", tol, low=0, low_open=True)
    edges = v.names("structure", structure.paths if isinstance(structure, HasPaths) else structure,
                    allow_empty=True, kind="(source, target) paths")
    if not edges:
        raise ValueError("structure must list at least one (source, target) path; without paths PLS has no "
                         "inner model to estimate the construct scores from")
    if not isinstance(measurement, Mapping) or not measurement:
        raise TypeError(bilingual("measurement must be a non-empty dict: construct -> list of indicator columns"))
    measurement = {c: v.names(f"measurement[{c!r}]", cols_, kind="indicator columns") for c, cols_ in measurement.items()}
    constructs = list(measurement)
    for e in edges:
        if not (isinstance(e, tuple) and len(e) == 2):
            raise ValueError(bilingual(f"structure must list (source, target) pairs, got {e!r}"))
        for c in e:
            if c not in measurement:
                raise ValueError(bilingual(f"construct {c!r} in structure has no indicators in measurement"))
    cols = [c for k in constructs for c in measurement[k]]
    if len(set(cols)) != len(cols):
        raise ValueError(bilingual("each indicator column may belong to one construct only"))
    v.require_columns(data, cols, "data")
    if len(data) < PLS_MIN_ROWS:
        raise ValueError(f"data must have at least {PLS_MIN_ROWS} rows (respondents) for pls_sem, got {len(data)}: "
                         "with fewer, weights, paths and R² are not estimable")
    try:
        x = v.numeric_columns("data", data, cols).to_numpy()
    except ValueError as err:
        if "missing values" in str(err):
            raise ValueError(bilingual(f"{err}; data has missing values in the indicator columns: drop or impute them first")) from None
        raise
    if (x.std(axis=0, ddof=1) == 0).any():
        const = [c for c, s in zip(cols, x.std(axis=0, ddof=1)) if s == 0]
        raise ValueError(bilingual(f"indicator column(s) {const} do not vary; remove them"))
    n, k = len(x), len(constructs)
    xs = _standardise(x)
    block = np.zeros((len(cols), k))
    j = 0
    for ci, c in enumerate(constructs):
        m = len(measurement[c])
        block[j:j + m, ci] = 1.0
        j += m
    pos = {c: i for i, c in enumerate(constructs)}
    adj = np.zeros((k, k))  # adj[i, j] = 1 for a path i -> j
    for s, t in edges:
        adj[pos[s], pos[t]] = 1
    _check_acyclic(adj, constructs)

    w = block.copy()
    converged, it = False, 0
    for it in range(1, max_iter + 1):
        y = _standardise(xs @ w)
        r = np.corrcoef(y, rowvar=False).reshape(k, k)
        e = np.zeros((k, k))
        connected = (adj + adj.T) > 0
        if scheme == "centroid":
            e = np.sign(r) * connected
        elif scheme == "factor":
            e = r * connected
        else:
            for jj in range(k):
                succ = np.flatnonzero(adj[jj])
                e[succ, jj] = r[jj, succ]
                pred = np.flatnonzero(adj[:, jj])
                if pred.size:
                    e[pred, jj] = np.linalg.lstsq(y[:, pred], y[:, jj], rcond=None)[0]
        z = y @ e
        w_new = block * (xs.T @ z) / (n - 1)  # mode A: covariance of each indicator with its inner proxy
        scale = (xs @ w_new).std(axis=0, ddof=1)
        w_new = w_new / scale
        delta = float(((w_new - w) ** 2).sum())
        w = w_new
        if delta < tol:
            converged = True
            break
    y = _standardise(xs @ w)
    scores = pd.DataFrame(y, columns=constructs, index=data.index)
    rcon = np.corrcoef(y, rowvar=False).reshape(k, k)
    owner = block.argmax(axis=1)
    loading = np.array([np.corrcoef(xs[:, i], y[:, owner[i]])[0, 1] for i in range(len(cols))])
    if consistent:
        s_ind = np.corrcoef(xs, rowvar=False).reshape(len(cols), len(cols))
        rho = np.ones(k)
        for ci in range(k):
            idx = np.flatnonzero(block[:, ci])
            if idx.size < 2:
                continue
            wk = w[idx, ci]
            sk = s_ind[np.ix_(idx, idx)]
            ww = np.outer(wk, wk)
            c2 = (wk @ (sk - np.diag(np.diag(sk))) @ wk) / (wk @ (ww - np.diag(np.diag(ww))) @ wk)
            rho[ci] = (wk @ wk) ** 2 * c2
            if not (np.isfinite(c2) and c2 > 0 and 0 < rho[ci] <= 1 + 1e-9):
                raise ValueError(f"PLSc (consistent=True) cannot correct construct {constructs[ci]!r}: its "
                                 f"reliability rho_A is {rho[ci]:.3f}, outside (0, 1], on these {n} rows; "
                                 "use more rows or consistent=False")
            loading[idx] = np.sqrt(c2) * wk
        rcon = rcon / np.sqrt(np.outer(rho, rho))
        np.fill_diagonal(rcon, 1.0)
    paths: dict[tuple[str, str], float] = {}
    r2: dict[str, float] = {}
    for t in constructs:
        pred = np.flatnonzero(adj[:, pos[t]])
        if not pred.size:
            continue
        rxx = rcon[np.ix_(pred, pred)]
        if pred.size > 1 and np.linalg.cond(rxx) > 1e10:
            pair = max(((a, b) for i, a in enumerate(pred) for b in pred[i + 1:]), key=lambda ab: abs(rxx[
                list(pred).index(ab[0]), list(pred).index(ab[1])]))
            raise ValueError(f"the predictors of {t!r} are collinear (linearly dependent): constructs "
                             f"{constructs[pair[0]]!r} and {constructs[pair[1]]!r} correlate "
                             f"{rcon[pair[0], pair[1]]:.3f}; merge them or drop one path")
        beta = np.linalg.solve(rxx, rcon[pred, pos[t]])
        for p_, b in zip(pred, beta):
            paths[(constructs[p_], t)] = float(b)
        r2[t] = float(beta @ rcon[pred, pos[t]])
    bad = [t for t, v_ in r2.items() if not -1e-9 <= v_ <= 1 + 1e-9] + \
          [f"{a}->{b}" for (a, b), v_ in paths.items() if not np.isfinite(v_)]
    if bad or not np.isfinite(loading).all():
        what = "PLSc (consistent=True)" if consistent else "pls_sem"
        raise ValueError(f"{what} gives an inadmissible solution on these {n} rows (R² outside [0, 1] or a "
                         f"non-finite path or loading: {bad or 'loadings'}); use more rows"
                         + (" or consistent=False" if consistent else ""))
    r2 = {t: min(max(v_, 0.0), 1.0) for t, v_ in r2.items()}
    if not converged:
        warnings.warn(f"pls_sem did not converge in max_iter={max_iter} iterations (tol={tol:g}); "
                      "the result records converged=False", FitWarning, stacklevel=2)
    paths = {e_: paths[e_] for e_ in edges}
    loadings = pd.Series(loading, index=cols, name="loading")
    weights = pd.Series(w.sum(axis=1), index=cols, name="weight")
    return PLSResult(paths, r2, loadings, weights, scores, it, converged)


def _check_acyclic(adj: np.ndarray, names: list[str]) -> None:
    remaining = set(range(len(names)))
    while remaining:
        roots = [i for i in remaining if not any(adj[j, i] for j in remaining)]
        if not roots:
            raise ValueError(bilingual(f"structure must not contain cycles; check paths among {sorted(names[i] for i in remaining)}"))
        remaining -= set(roots)
