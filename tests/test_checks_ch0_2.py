"""Feedback of the chapter 0-2 checks on the slips found in review (issue 17): each slip gets its
own message, hints name the idea and never the code, and bad shapes get a bilingual message."""
import re

import pytest

from labkit.checks import evaluate, list_exercises
from labkit.checks.nb2 import _timed_plan

CODE = re.compile(r"lk\.|\w\(|\[\s*'|\.\w+\(")


@pytest.mark.parametrize("ex", [e for n in (0, 1, 2) for e in list_exercises(n)], ids=lambda e: e.id)
def test_hints_name_the_idea_not_the_code(ex):
    for hint in (ex.hint_en, ex.hint_zh):
        assert not CODE.search(hint), f"{ex.id}: hint reads like code: {hint!r}"


def test_a_plan_whose_times_run_backwards_is_not_full_marks():
    plan = _timed_plan()
    assert evaluate("nb2.process_design", plan).status == "correct"
    backwards = list(plan)
    backwards[1] = (backwards[1][0], "2020-01-01 08:00")
    r = evaluate("nb2.process_design", backwards)
    assert r.status == "partial" and r.credit < 0.5 and "backwards" in r.en and "时间倒流" in r.zh


def test_process_messages_name_steps_in_english_and_bad_times_in_chinese():
    plan = _timed_plan()
    swapped = list(plan)
    swapped[2], swapped[3] = swapped[3], swapped[2]
    r = evaluate("nb2.process_design", swapped)
    assert "Determine the handling department" in r.en and "确定处理部门" in r.zh
    r = evaluate("nb2.process_design", [("record", "yesterday")])
    assert "date-time" in r.en and "日期时间" in r.zh and "must be" not in r.zh


def test_journey_as_a_string_gets_a_shape_message_not_a_pandas_error():
    r = evaluate("nb2.journey", "book, check in, stay, check out")
    assert r.status == "incorrect" and "DataFrame" not in r.en and "list of stages" in r.en
    r = evaluate("nb2.journey", [{"stage": s, "touchpoint": "desk", "emotion": 4} for s in "abcd"])
    assert "-2 to +2" in r.en and "情绪分" in r.zh


def test_textbook_spelling_of_perishability_is_accepted():
    answer = ["不可存储性", "inseparability", "intangibility", "heterogeneity", "no_ownership"]
    assert evaluate("nb2.characteristics_quiz", answer).status == "correct"
    answer[0] = "不可储存性"
    assert evaluate("nb2.characteristics_quiz", answer).status == "correct"


@pytest.mark.parametrize("answer, status, words", [
    (0.816, "incorrect", "logistic"),        # the logistic model's AUC is a different quantity
    (0.8212, "incorrect", "test set"),       # AUC on all customers, not the test set
    (0.819, "correct", "Correct"),
])
def test_oracle_auc_names_the_quantity(answer, status, words):
    r = evaluate("nb1.e1_17_oracle_auc", answer)
    assert r.status == status and words in r.en and "rounding" not in r.en


@pytest.mark.parametrize("answer, status, credit", [(0.129, "correct", 1), (0.13, "partial", 0.5),
                                                    (12.9, "incorrect", 0), (12.94, "incorrect", 0)])
def test_annual_churn_precision_and_percent(answer, status, credit):
    r = evaluate("nb1.e1_20_annual_churn", answer)
    assert (r.status, r.credit) == (status, credit)
    if answer > 1:
        assert "percentage" in r.en


def test_customer_value_in_wan_is_named():
    assert "万" in evaluate("nb1.e1_21_customer_value", 28.8).en


def test_recovery_gap_tells_the_comparison_groups_apart():
    assert evaluate("nb2.recovery_gap", 1.02).status == "correct"
    r = evaluate("nb2.recovery_gap", 1.010)
    assert r.status == "incorrect" and "no logged complaint" in r.en


def test_new_exercises_are_not_attempted_until_answered():
    for ex_id in ("nb1.roleplay_types", "nb1.selftest_relative", "nb2.selftest_gap", "nb0.selftest_churn_share"):
        assert evaluate(ex_id, ...).status == "not_attempted"


@pytest.mark.parametrize("ex_id, answer, words", [
    ("nb1.e1_1_hongtu", "partner", "not a valid label"),                      # a typo is not a concept error
    ("nb1.e1_1_hongtu", 5, "got an int"),
    ("nb1.e1_6_winback_steps", ["analyse", "judge", "compare", "strategy", "implement"], "Expected 6 items"),
    ("nb2.stage_order", ["intake", "recieve", "explain", "solution", "follow_up"], "not a valid label"),
])
def test_label_slips_get_their_own_message(ex_id, answer, words):
    r = evaluate(ex_id, answer)
    assert words in r.en and r.status in ("incorrect", "invalid")


def test_very_close_only_when_the_answer_is_the_value_rounded():
    # 0.18 is the absolute churn rate 0.181 rounded to 2 decimals; 0.178 is a different value
    r = evaluate("nb1.e1_16_absolute", 0.18)
    assert "rounded to 2 decimals" in r.en
    r = evaluate("nb1.e1_16_absolute", 0.178)
    assert "rounded" not in r.en
    assert "100× too large" in evaluate("nb1.e1_16_absolute", 18.1).en


def test_a_whole_result_gets_told_to_pick_one_value():
    import labkit as lk

    churn = lk.load_churn()
    r = evaluate("nb1.e1_16_relative", lk.observed_churn_rates(churn["churned"], churn["monthly_spend"]))
    assert r.status == "invalid" and "'relative'" in r.en and "pick the one value" in r.en
    r = evaluate("nb1.e1_3_winback_net", lk.winback_decision(3571.43, 0.4, 800))
    assert r.status == "invalid" and ".net" in r.en and "WinbackDecision" in r.zh
