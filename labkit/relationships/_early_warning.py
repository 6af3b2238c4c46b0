"""Churn early warning (流失预警): a train/test split, logistic and forest models, AUC, lift and risk tiers."""
from __future__ import annotations

import math
import warnings
from typing import Any, Sequence

import numpy as np
import pandas as pd

from labkit._validate import array_1d, integer, number, numeric_columns, one_of, seed
from labkit.errors import FitWarning
from labkit.relationships._tables import CHURN_FEATURES, RISK_TIERS
from labkit.errors import bilingual

__all__ = ['churn_split', 'ChurnModel', 'roc_auc', 'lift_table', 'risk_tiers', 'coefficient_table']


def _churn_frame(data: Any, name: str = "data") -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(bilingual(f"{name} must be a DataFrame like load_churn(), got {type(data).__name__}"))
    missing = [c for c in CHURN_FEATURES if c not in data.columns]
    if missing:
        raise ValueError(bilingual(f"{name} is missing the column(s) {', '.join(missing)}"))
    return data


def churn_split(data: pd.DataFrame, *, test_size: float = 0.3, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A stratified train/test split of the churn table (fixed ``random_state``).

    Examples
    --------
    >>> from labkit.datasets import load_churn
    >>> train, test = churn_split(load_churn())
    >>> len(train), len(test)
    (1400, 600)
    """
    from sklearn.model_selection import train_test_split

    _churn_frame(data)
    if "churned" not in data.columns:
        raise ValueError(bilingual("data needs the 'churned' column (0/1) to split"))
    number("test_size", test_size, low=0, high=1, low_open=True, high_open=True)
    y = data["churned"]
    if not y.isin((0, 1)).all():
        bad = y[~y.isin((0, 1))]
        raise ValueError(f"data['churned'] must be 0 or 1 for every customer; found {len(bad)} other value(s), "
                         f"e.g. {bad.iloc[0]!r}")
    train, test = train_test_split(data, test_size=test_size, random_state=seed("random_state", random_state),
                                   stratify=y)
    return train, test


def _check_design(X: np.ndarray) -> None:
    """Refuse a constant feature or features that are linear combinations of others (with the intercept)."""
    for j, name in enumerate(CHURN_FEATURES):
        if np.ptp(X[:, j]) == 0:
            raise ValueError(f"data[{name!r}] is constant ({X[0, j]:g} for every customer): with an intercept its "
                             "coefficient cannot be estimated; drop it or use data where it varies")
    Z = np.column_stack([np.ones(len(X)), (X - X.mean(axis=0)) / X.std(axis=0)])
    if len(Z) < Z.shape[1]:
        raise ValueError(bilingual(f"data must have more rows than the {Z.shape[1]} coefficients of the logistic model, got {len(Z)}"))
    rank = 1
    for j, name in enumerate(CHURN_FEATURES, start=1):
        new = np.linalg.matrix_rank(Z[:, :j + 1])
        if new == rank:
            raise ValueError(f"data[{name!r}] is collinear (linearly dependent) with the other features: its "
                             "coefficient cannot be separated from theirs; drop it")
        rank = new


class ChurnModel:
    """A churn early-warning model: logistic regression (统计分析) or a random forest (机器学习).

    ``ChurnModel("logistic").fit(train)`` fits on the :data:`CHURN_FEATURES` columns of a
    table like ``load_churn()``; ``predict_proba(table)`` gives each customer's churn
    probability. The logistic model is unpenalised and works in the table's own units, so
    its coefficients compare directly with ``load_truth()["churn"]``; ``params_`` holds
    them (with standard errors in ``std_errors_``). The forest's ``params_`` holds its
    feature importances.

    Examples
    --------
    >>> from labkit.datasets import load_churn
    >>> m = ChurnModel("logistic").fit(load_churn())
    >>> round(float(m.params_["late_payments"]), 1)
    0.5
    """

    def __init__(self, kind: str = "logistic", *, random_state: int = 0):
        self.kind = one_of("kind", kind, ("logistic", "forest"))
        self.random_state = seed("random_state", random_state)
        self.converged_: bool | None = None
        self.params_: pd.Series | None = None
        self.std_errors_: pd.Series | None = None
        self._model = None

    def fit(self, data: pd.DataFrame, target: str = "churned") -> "ChurnModel":
        _churn_frame(data)
        if target not in data.columns:
            raise ValueError(bilingual(f"data needs the target column {target!r}"))
        X = numeric_columns("data", data, CHURN_FEATURES).to_numpy()
        y = data[target].to_numpy()
        if not np.isin(y, (0, 1)).all() or len(np.unique(y)) < 2:
            raise ValueError(bilingual(f"{target} must contain both 0 and 1 and nothing else"))
        self.converged_ = True
        if self.kind == "logistic":
            from sklearn.exceptions import ConvergenceWarning
            from sklearn.linear_model import LogisticRegression

            _check_design(X)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                model = LogisticRegression(C=np.inf, solver="newton-cholesky", max_iter=1000, tol=1e-10).fit(X, y)
            names = ["intercept", *CHURN_FEATURES]
            coef = np.concatenate([model.intercept_, model.coef_[0]])
            self.params_ = pd.Series(coef, index=names, name="fitted")
            # standard errors from the inverse Fisher information, (X'WX)^-1
            Z = np.column_stack([np.ones(len(X)), X])
            p = model.predict_proba(X)[:, 1]
            with np.errstate(all="ignore"):
                info = Z.T @ (Z * (p * (1 - p))[:, None])
                cov = np.linalg.pinv(info)
                se = np.sqrt(np.diag(cov))
            self.std_errors_ = pd.Series(se, index=names, name="std_error")
            standardised = np.abs(model.coef_[0] * X.std(axis=0))
            separated = bool(p[y == 1].min() >= p[y == 0].max())
            why = []
            if separated or standardised.max() > 10 or not np.isfinite(se).all() or np.linalg.cond(info) > 1e12:
                why.append("the churners and the others are (almost) perfectly separable by the features, so "
                           "the maximum-likelihood coefficients run off towards infinity")
            if any(issubclass(w.category, ConvergenceWarning) for w in caught):
                why.append("the solver did not converge")
            if why:
                self.converged_ = False
                warnings.warn(f"the logistic ChurnModel fit is unreliable ({len(X)} rows): {'; '.join(why)}; its "
                              "coefficients and standard errors are not meaningful (converged_ is False); use more "
                              "data or the 'forest' model", FitWarning, stacklevel=2)
        else:
            from sklearn.ensemble import RandomForestClassifier

            model = RandomForestClassifier(n_estimators=200, min_samples_leaf=10, max_features=0.5,
                                           random_state=self.random_state, n_jobs=1).fit(X, y)
            self.params_ = pd.Series(model.feature_importances_, index=list(CHURN_FEATURES), name="importance")
        self._model = model
        return self

    def predict_proba(self, data: pd.DataFrame) -> pd.Series:
        """Each customer's predicted churn probability (index of ``data``)."""
        if self._model is None:
            raise ValueError(bilingual("fit the model first: ChurnModel(...).fit(train)"))
        _churn_frame(data)
        p = self._model.predict_proba(numeric_columns("data", data, CHURN_FEATURES).to_numpy())[:, 1]
        return pd.Series(p, index=data.index, name="churn_risk")

    def __repr__(self) -> str:
        if self.params_ is None:
            return f"ChurnModel({self.kind!r}, not fitted)"
        top = ", ".join(f"{k}={v:.3f}" for k, v in self.params_.items())
        return f"ChurnModel({self.kind!r}, params_: {top})"


def _labels_scores(y, score) -> tuple[np.ndarray, np.ndarray]:
    yy = array_1d("y", y)
    s = array_1d("score", score)
    if yy.size != s.size:
        raise ValueError(bilingual(f"y and score must have the same length, got {yy.size} and {s.size}"))
    if not np.isin(yy, (0, 1)).all():
        raise ValueError(bilingual("y must contain only 0 and 1"))
    return yy, s


def roc_auc(y, score) -> float:
    """Area under the ROC curve: the chance a random churner is ranked above a random stayer.

    Computed from ranks (the Mann–Whitney U statistic, ties counted half).

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    from scipy.stats import rankdata

    yy, s = _labels_scores(y, score)
    n1 = int(yy.sum())
    n0 = yy.size - n1
    if n1 == 0 or n0 == 0:
        raise ValueError(bilingual("y must contain both churners (1) and stayers (0) to compute an AUC"))
    ranks = rankdata(s)
    return float((ranks[yy == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def lift_table(y, score, *, n_bins: int = 10) -> pd.DataFrame:
    """Lift and gains by score decile (组): customers ranked by predicted risk, highest first.

    Columns: bin (1 = riskiest), customers, churners, churn_rate, lift (churn rate ÷ overall
    rate), cum_customers_share, cum_churners_share (the gains curve) and cum_lift.

    Examples
    --------
    >>> t = lift_table([1, 1, 0, 0, 1, 0, 0, 0, 0, 0], [.9, .8, .7, .6, .5, .4, .3, .2, .1, 0], n_bins=5)
    >>> t["lift"].round(2).tolist()
    [3.33, 0.0, 1.67, 0.0, 0.0]
    """
    yy, s = _labels_scores(y, score)
    k = integer("n_bins", n_bins, low=1)
    if k > yy.size:
        raise ValueError(bilingual(f"n_bins must be <= the number of customers ({yy.size}), got {n_bins!r}"))
    order = np.argsort(-s, kind="stable")
    bins = np.arange(yy.size) * k // yy.size + 1
    df = pd.DataFrame({"bin": bins, "y": yy[order]})
    g = df.groupby("bin")["y"].agg(customers="size", churners="sum").reset_index()
    overall = yy.mean()
    if not overall:
        raise ValueError("y must include at least one churner (1): lift is a bin's churn rate divided by the overall "
                         "churn rate, which is 0 here")
    g["churn_rate"] = g["churners"] / g["customers"]
    g["lift"] = g["churn_rate"] / overall
    g["cum_customers_share"] = g["customers"].cumsum() / yy.size
    g["cum_churners_share"] = g["churners"].cumsum() / yy.sum()
    g["cum_lift"] = g["cum_churners_share"] / g["cum_customers_share"]
    g["churners"] = g["churners"].astype(int)
    return g


def risk_tiers(score, *, shares: Sequence[float] | None = None) -> pd.Series:
    """Rank customers by churn risk into tiers: high (top 10%), medium (next 20%), low (rest).

    Examples
    --------
    >>> risk_tiers([0.9, 0.1, 0.5, 0.2, 0.3, 0.05, 0.01, 0.02, 0.03, 0.04]).tolist()
    ['high', 'low', 'medium', 'low', 'medium', 'low', 'low', 'low', 'low', 'low']
    """
    index = score.index if isinstance(score, pd.Series) else None
    s = array_1d("score", score)
    sh = [float(x) for x in (array_1d("shares", shares) if shares is not None else [share for _, share in RISK_TIERS])]
    if len(sh) != len(RISK_TIERS) or any(x < 0 for x in sh) or not math.isclose(sum(sh), 1):
        raise ValueError(bilingual(f"shares must be {len(RISK_TIERS)} non-negative numbers adding to 1, got {sh!r}"))
    order = np.argsort(-s, kind="stable")
    rank = np.empty(s.size, dtype=int)
    rank[order] = np.arange(s.size)
    cuts = np.round(np.cumsum(sh) * s.size).astype(int)
    codes = np.array([t.code for t, _ in RISK_TIERS])
    return pd.Series(codes[np.searchsorted(cuts, rank, side="right")], index=index, name="risk_tier")


def coefficient_table(model: ChurnModel, truth: dict[str, float]) -> pd.DataFrame:
    """Fitted logistic coefficients next to the true ones, with standard errors and z = (fitted − true)/SE.

    Both are in the units of the churn table (a coefficient is the change in log-odds per unit).
    Features absent from ``truth`` (e.g. the distractor monthly_spend) have a true value of 0.

    Examples
    --------
    >>> from labkit.datasets import load_churn, load_truth
    >>> t = coefficient_table(ChurnModel().fit(load_churn()), load_truth()["churn"]["coefficients"])
    >>> bool((t["z"].abs() < 3).all())
    True
    """
    if not isinstance(model, ChurnModel) or model.kind != "logistic" or model.params_ is None:
        raise TypeError(bilingual("model must be a fitted ChurnModel('logistic')"))
    if not isinstance(truth, dict):
        raise TypeError(bilingual(f"truth must be a dict of coefficient name -> value, got {type(truth).__name__}"))
    fitted = model.params_
    unknown = [k for k in truth if k not in fitted.index]
    if unknown:
        raise ValueError(bilingual(f"truth has unknown coefficient name(s) {unknown}; allowed: {', '.join(fitted.index)}"))
    true = pd.Series({k: number(f"truth[{k!r}]", truth.get(k, 0.0)) for k in fitted.index}, name="true")
    out = pd.DataFrame({"fitted": fitted, "true": true, "std_error": model.std_errors_})
    out["z"] = (out["fitted"] - out["true"]) / out["std_error"]
    out.index.name = "term"
    return out
