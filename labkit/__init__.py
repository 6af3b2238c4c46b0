"""CRM Lab's helper package: calculations, data, plots, live demos and self-checks.

``import labkit as lk`` is cheap: submodules load on first use, so ``lk.nps`` imports
:mod:`labkit.satisfaction` only when a notebook asks for it (the mechanism is in ``labkit._lazy``).

Where things live: data (``datasets``, ``curriculum``, ``labels``) → general methods
(``methods``) → chapter concepts (``relationships``, ``service``, ``satisfaction``, ``value``,
``implementation``, ``warehouse``) → ``plotting`` → ``widgets`` → ``checks`` → ``release``,
``demo``, ``grading`` → ``cli``; imports run that way only (``tests/test_architecture.py``).

Examples
--------
>>> import labkit as lk
>>> lk.__version__
'0.1.0'
"""
from labkit._lazy import __all__, __dir__, __getattr__

__version__ = "0.1.0"
