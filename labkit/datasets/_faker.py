"""Faker pools: Faker makes a few hundred human-looking strings, numpy draws rows from them.

Calling Faker once per field per row is the slow, obvious way; drawing rows from pools is
what makes 10,000 customers take well under a second (see ``benchmarks/``).
"""
from __future__ import annotations

from labkit._validate import one_of

LOCALES = ("zh_CN", "en_US")


def make_faker(locale: str, seed: int):
    """A Faker instance for ``locale`` seeded with ``seed`` (deterministic for one Faker version)."""
    one_of("locale", locale, LOCALES)
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def pool(fn, size: int) -> list[str]:
    """``size`` values of ``fn()``, duplicates removed, order kept."""
    seen: dict[str, None] = {}
    for _ in range(size):
        seen.setdefault(fn(), None)
    return list(seen)


def city_pool(fake, locale: str, size: int = 40) -> list[str]:
    """Real-looking city names: zh_CN's ``city_name`` gives real prefecture cities."""
    fn = fake.city_name if locale == "zh_CN" else fake.city
    return pool(fn, size * 2)[:size]
