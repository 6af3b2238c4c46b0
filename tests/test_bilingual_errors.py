"""labkit's own error messages read in English and Chinese where the student sees them.

Messages built from labkit's validation templates carry a Chinese line under the English one
(``labkit.errors.bilingual``); a live demo's error box shows both. The sweep below reuses the
bad-input cases of ``test_bad_input.py``.
"""
import re
import warnings

import pytest

from labkit.errors import bilingual, chinese
from labkit.widgets import error_html

import test_bad_input as sweep

CJK = re.compile(r"[\u4e00-\u9fff]")


def _errors():
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fn, base, nullable in sweep.CASES:
            for name, value in base.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    continue
                for bad in (float("nan"), float("inf"), "5", None):
                    if bad is None and name in nullable:
                        continue
                    try:
                        fn(**{**base, name: bad})
                    except (ValueError, TypeError) as err:
                        out.append((fn.__name__, name, str(err)))
    return out


def test_bad_input_errors_carry_chinese():
    errors = _errors()
    assert len(errors) > 400
    english_only = [e for e in errors if "\n" not in e[2]]
    assert len(english_only) <= 0.01 * len(errors), english_only[:5]
    for fn, name, message in errors:
        if "\n" in message:
            en, zh = message.split("\n", 1)
            assert CJK.search(zh), (fn, message)
            assert name in zh, f"{fn}: the Chinese line must name the parameter {name!r}: {zh}"


@pytest.mark.parametrize("message, words", [
    ("margin must be >= 0, got -1", ["margin", "≥ 0", "-1"]),
    ("rate must be a finite number, got inf", ["rate", "有限", "inf"]),
    ("data is missing the column(s) 'x'", ["data", "缺少列", "'x'"]),
    ("labels must be a list of labels, got the string 'a'; write ['a']", ["标签", "['a']"]),
])
def test_templates_keep_names_and_values(message, words):
    zh = chinese(message)
    assert zh is not None and all(w in zh for w in words), zh


def test_unknown_messages_stay_english_and_bilingual_is_idempotent():
    assert chinese("no template for this") is None
    once = bilingual("n must be a whole number, got 2.5")
    assert bilingual(once) == once and once.count("\n") == 1


def test_demo_error_box_shows_both_languages():
    box = error_html("n must be a whole number, got 2.5")
    assert "n must be a whole number" in box and "必须是整数" in box and "<br>" in box
