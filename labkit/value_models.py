"""Probabilistic CLV models (BG/NBD, Gamma-Gamma): kept as an import path; the code lives in :mod:`labkit.methods`."""
from labkit.methods import BetaGeoModel, GammaGammaModel, fit_bgnbd, fit_gamma_gamma, model_clv

__all__ = ["BetaGeoModel", "GammaGammaModel", "fit_bgnbd", "fit_gamma_gamma", "model_clv"]
