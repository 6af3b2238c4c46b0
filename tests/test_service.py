"""labkit.service: the curriculum's chapter-2 examples (§10.2), edge cases, demos, checks, notebook."""
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import labkit as lk
from labkit import curriculum, service as sv
from labkit.checks import evaluate, get_exercise, list_exercises
from labkit.datasets import generate_complaints, generate_customers, load_complaints, load_survey, load_truth

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_service_and_complaints.ipynb"


# ---------------------------------------------------------------- course lists

def test_constants_are_the_curriculum_objects_not_copies():
    for name in ("COMPLAINT_TYPES", "RECOVERY_STEPS", "HANDLING_METHODS", "HANDLING_STAGES", "SERVQUAL_DIMENSIONS"):
        assert getattr(sv, name) is getattr(curriculum, name)
        assert name in sv.__all__
        assert getattr(lk, name) is getattr(curriculum, name)


def test_course_list_lengths_match_the_seeds():
    assert len(sv.SERVICE_CHARACTERISTICS) == 5
    assert len(sv.SEVEN_RIGHTS) == 7
    assert len(sv.COMMUNICATION_SKILLS) == 6 and len(sv.COMMUNICATION_PRINCIPLES) == 6
    assert len(sv.EXPERIENCE_MODULES) == 5 and len(sv.SERVICE_GAPS) == 5
    assert len(sv.COMPLAINT_VALUES) == 3 and len(sv.RECOVERY_METHODS) == 3
    assert len(sv.COMMITMENT_ELEMENTS) == 3 and len(sv.COMMITMENT_PROMOTION) == 3
    assert len(sv.HANDLING_METHODS) == 8 and len(sv.HANDLING_STAGES) == 5 and len(sv.RECOVERY_STEPS) == 8
    assert [t.zh for t in sv.EXPERIENCE_MODULES] == ["感觉", "情感", "思考", "行动", "关联"]
    for table in (sv.SERVICE_CHARACTERISTICS, sv.SEVEN_RIGHTS, sv.COMPLAINT_VALUES, sv.RECOVERY_METHODS):
        assert all(t.en and t.zh for t in table)
    assert set(sv.COMPLAINT_KEYWORDS) == {t.code for t in sv.COMPLAINT_TYPES}


def test_flat_namespace_reaches_chapter_functions():
    assert lk.classify_complaint is sv.classify_complaint
    from labkit.plotting.service import plot_journey

    assert lk.plot_journey is plot_journey


# ---------------------------------------------------------------- C-2.1 seven Rights, C-2.6 gap

def test_seven_rights_seed_example_six_of_seven():
    # Curriculum §10.2 C-2.1 (illustrative): 6 of 7 met, Right channel missing -> 85.7%.
    r = sv.seven_rights({t.code: t.code != "channel" for t in sv.SEVEN_RIGHTS})
    assert r.met == 6 and round(r.share * 100, 1) == 85.7
    assert [t.code for t in r.missing] == ["channel"]


def test_seven_rights_ratings_labels_and_errors():
    r = sv.seven_rights({"合适的时间": 5, "Right place": 3, "price": 4})
    assert r.met == 2 and len(r.missing) == 5
    with pytest.raises(ValueError, match="ratings key must be one of"):
        sv.seven_rights({"speed": True})
    with pytest.raises(ValueError, match="rating of 'time' must be <= 5, got 6"):
        sv.seven_rights({"time": 6})
    with pytest.raises(TypeError, match="ratings must be a dict"):
        sv.seven_rights(["time"])


def test_commitment_card_and_scenarios():
    card = sv.commitment_card("Repair in 24 hours", "A free month", "Head office", ["口头传播", "posting"])
    assert "Word of mouth (口头传播), Internal posting (内部张贴)" in card
    with pytest.raises(ValueError, match="promise must be a non-empty text"):
        sv.commitment_card(" ", "x", "y")
    with pytest.raises(ValueError, match="promotion must be one of"):
        sv.commitment_card("a", "b", "c", ["radio"])
    codes = {t.code for t in sv.SERVICE_CHARACTERISTICS}
    assert all(code in codes for _, _, code in sv.SERVICE_SCENARIOS)
    assert {code for _, _, code in sv.SERVICE_SCENARIOS[:5]} == codes  # the exercise uses each once


def test_sem_tagger_and_coverage():
    assert sv.tag_experience("A warm smile at the door") == ("feel",)
    assert sv.tag_experience("nothing here") == ()
    cov = sv.sem_coverage(["Soft music", "Latte-art workshop where you make your own", "Members' club"])
    assert cov["items"].to_dict() == {"sense": 1, "feel": 0, "think": 1, "act": 1, "relate": 1}
    with pytest.raises(TypeError, match="items must be a list"):
        sv.sem_coverage("Soft music")


def test_quality_gap_seed_example():
    # C-2.6 (illustrative): expected 4.5, perceived 3.9 -> gap -0.6.
    assert sv.quality_gap(4.5, 3.9) == -0.6


# ---------------------------------------------------------------- C-2.3 classifier

def test_classifier_seed_example_and_languages():
    # C-2.3 (illustrative): "The parcel arrived 3 days late and the box was crushed" -> 货物运输.
    assert sv.classify_complaint("The parcel arrived 3 days late and the box was crushed") == "transport"
    assert sv.classify_complaint("我买的手机质量太差，用了两天就坏了") == "quality"
    assert sv.classify_complaint("合同约定的价格和结算不一致") == "contract"
    assert sv.classify_complaint("客服态度恶劣") == "service"
    assert sv.classify_complaint("建议增加会员积分抵扣运费") == "suggestion"
    assert sv.classify_complaint("") == "service"  # no keyword: documented fallback
    with pytest.raises(TypeError, match="text must be a string"):
        sv.classify_complaint(3)
    with pytest.raises(TypeError, match="use classify_complaint"):
        sv.classify_complaints("one text")
    assert sv.classify_complaints([]).empty


def _misleading_mask(log, locale="zh_CN"):
    from labkit.datasets.generators import _MISLEADING

    pats = [re.escape(m).replace(re.escape("{product}"), ".*") for m in _MISLEADING[locale]]
    return log["text"].map(lambda x: any(re.fullmatch(p, x) for p in pats))


def test_classifier_accuracy_on_the_synthetic_log():
    log = load_complaints()
    pred = sv.classify_complaints(log["text"])
    report = sv.evaluate_classifier(log["type"], pred)
    # About 14% of texts are deliberately misleading (truth.json); every other text is right.
    assert 0.85 <= report.accuracy <= 0.90
    mis = _misleading_mask(log)
    assert abs(mis.mean() - load_truth()["complaints"]["misleading_text_share"]) < 0.02
    assert (pred[~mis] == log.loc[~mis, "type"]).all()
    assert int(report.confusion.to_numpy().sum()) == len(log)
    assert list(report.confusion.index) == [t.code for t in sv.COMPLAINT_TYPES]


def test_classifier_english_log():
    c, _ = generate_customers(200, seed=11, locale="en_US")
    log, _ = generate_complaints(c, n=300, seed=11, locale="en_US")
    pred = sv.classify_complaints(log["text"])
    mis = _misleading_mask(log, "en_US")
    assert (pred[~mis] == log.loc[~mis, "type"]).mean() == 1.0


def test_cause_tagger_beats_the_majority_guess_only_modestly():
    # The simulated cause depends on the type, not on the words, so text carries little of it.
    log = load_complaints()
    r = sv.evaluate_classifier(log["cause"], log["text"].map(sv.tag_cause), labels=sv.COMPLAINT_CAUSES)
    majority = (log["cause"] == "defect").mean()
    assert majority < r.accuracy < 0.65
    assert list(r.confusion.columns) == ["expectation", "defect", "attitude"]
    assert sv.tag_cause("") == "defect"
    with pytest.raises(TypeError, match="text must be a string"):
        sv.tag_cause(None)


def test_evaluate_classifier_errors():
    with pytest.raises(ValueError, match="same length"):
        sv.evaluate_classifier(["quality"], ["quality", "service"])
    with pytest.raises(ValueError, match="unknown label"):
        sv.evaluate_classifier(["quality"], ["price"])
    with pytest.raises(ValueError, match="actual is empty"):
        sv.evaluate_classifier([], [])


# ---------------------------------------------------------------- C-2.5 workflow

def test_complaint_case_moves_in_order_and_times_steps():
    case = sv.ComplaintCase("2024-05-01 09:00", case_id="K1")
    case.advance("record", at="2024-05-01 09:30").advance(2, at="2024-05-01 11:30")
    case.advance("Determine the handling department", at="2024-05-01 12:00")
    assert case.done == ("record", "judge", "assign") and case.next_step.code == "analyse"
    assert case.elapsed_hours().tolist() == [0.5, 2.0, 0.5]
    assert case.completion == 3 / 8 and not case.is_closed
    with pytest.raises(ValueError, match="out of order: the next step is 4. analyse"):
        case.advance("evaluate", at="2024-05-02")
    with pytest.raises(ValueError, match="already done"):
        case.advance("record", at="2024-05-02")
    with pytest.raises(ValueError, match="earlier than the previous event"):
        case.advance("analyse", at="2024-05-01 11:00")
    with pytest.raises(ValueError, match="step must be one of"):
        case.advance("apologise")
    with pytest.raises(ValueError, match="step must be a number from 1 to 8"):
        case.advance(9)
    with pytest.raises(ValueError, match="received_at must be a date-time"):
        sv.ComplaintCase("not a date")
    for s in sv.RECOVERY_STEPS[3:]:
        case.advance(s.code, at="2024-05-03")
    assert case.is_closed
    with pytest.raises(ValueError, match="already done"):
        case.advance("evaluate", at="2024-05-04")


def test_complaint_case_default_time_is_now():
    case = sv.ComplaintCase().advance("record")
    assert case.elapsed_hours().iloc[0] >= 0


def test_complaint_case_from_log_matches_step_hours():
    log = load_complaints()
    hours = sv.step_hours(log)
    for i in (0, int(np.flatnonzero(log["status"] == "open")[0])):
        case = sv.ComplaintCase.from_log(log.iloc[i].to_dict())
        got = case.elapsed_hours()
        assert np.allclose(got.to_numpy(), hours.iloc[i][list(got.index)].to_numpy())
        assert case.is_closed == (log.iloc[i]["status"] == "closed")
    t = sv.ComplaintCase.from_log(log.iloc[0].to_dict()).timeline(load_truth()["complaints"]["step_sla_hours"])
    assert list(t.columns) == ["no", "step", "label", "label_zh", "at", "hours", "sla_hours", "within_sla"]


def test_audit_log_seed_example_missing_apology():
    # C-2.5 (illustrative): a role-play log that skips "apologise" is flagged "step 3 (Apologise 表示道歉) missing".
    r = sv.audit_log(["vent", "listen", "agree", "ask", "note", "solve", "close"], steps=sv.HANDLING_METHODS)
    assert r.messages() == ["step 3 (Apologise 表示道歉) missing"]
    assert r.messages("zh") == ["第3步(表示道歉)缺失"]
    assert r.completion == 7 / 8 and not r.ok


def test_audit_log_order_repeats_unknown_and_times():
    r = sv.audit_log(["record", "judge", "analyse", "assign", "propose", "approve", "implement", "evaluate"])
    assert [t.code for t in r.out_of_order] == ["assign"] and not r.missing
    assert r.score == 7 / 8
    r = sv.audit_log(["record", "record", "hug", "judge"])
    assert [t.code for t in r.repeated] == ["record"] and r.unknown == ("hug",)
    assert r.score == 0.0  # 2 in order, minus 1 repeat and 1 unknown
    ok = sv.audit_log([(s.code, f"2024-01-0{i + 1}") for i, s in enumerate(sv.HANDLING_STAGES)],
                      steps=sv.HANDLING_STAGES)
    assert ok.ok and ok.score == 1 and ok.hours.tolist() == [0, 24, 24, 24, 24]
    df = pd.DataFrame({"step": ["接待投诉", "调查处理", "反馈结果"]})
    assert sv.audit_log(df, steps=sv.HOTEL_PROCEDURE).ok
    assert sv.audit_log(sv.UNITED_CASE_EVENTS).messages()[0] == "step 4 (Analyse the cause of the complaint 分析投诉原因) missing"
    with pytest.raises(TypeError, match="events must be a list"):
        sv.audit_log("record")
    with pytest.raises(ValueError, match="column 'step'"):
        sv.audit_log(pd.DataFrame({"action": ["record"]}))
    assert sv.audit_log([]).completion == 0
    skills = sv.audit_log(["personality", "respect", "halo", "halo"], steps=sv.COMMUNICATION_SKILLS, ordered=False)
    assert not skills.out_of_order and [t.code for t in skills.repeated] == ["halo"]
    assert skills.score == pytest.approx(2 / 6) and len(skills.missing) == 3


# ---------------------------------------------------------------- Pareto, SLA, stalls, recovery

def test_pareto_counts_shares_and_vital_few():
    log = load_complaints()
    r = sv.pareto(log, "type")
    assert r.table["count"].sum() == len(log)
    assert r.table["count"].is_monotonic_decreasing
    assert r.table["cumulative_share"].iloc[-1] == 1.0
    k = len(r.vital_few)
    assert r.table["cumulative_share"].iloc[k - 1] >= 0.8 > r.table["cumulative_share"].iloc[k - 2]
    # the type shares recover the simulation's probabilities
    truth = load_truth()["complaints"]["type_probs"]
    assert all(abs(r.table.loc[t, "share"] - p) < 0.05 for t, p in truth.items())
    assert sv.pareto(log, "type", cut=1.0).vital_few == tuple(r.table.index)
    assert sv.pareto(log, "type", cut=0).vital_few == ()


def test_pareto_ties_are_stable_and_errors_are_clear():
    r = sv.pareto(pd.DataFrame({"c": ["b", "a", "b", "a", "c"]}), "c", cut=0.5)
    assert list(r.table.index) == ["a", "b", "c"] and r.vital_few == ("a", "b")
    with pytest.raises(ValueError, match="nothing to count"):
        sv.pareto(load_complaints().iloc[:0], "type")
    with pytest.raises(ValueError, match="by must be a column of table"):
        sv.pareto(load_complaints(), "colour")
    with pytest.raises(ValueError, match=r"cut must be in \[0, 1\]"):
        sv.pareto(load_complaints(), "type", cut=80)
    with pytest.raises(TypeError, match="table must be a DataFrame"):
        sv.pareto([1, 2], "type")


def test_step_hours_and_sla_recover_the_simulation():
    log = load_complaints()
    truth = load_truth()["complaints"]
    hours = sv.step_hours(log)
    assert hours.shape == (len(log), 8) and (hours.min() >= 0).all()
    # Closed cases: the step hours add up to the logged resolution time (to the minute).
    closed = log["status"] == "closed"
    assert np.allclose(hours[closed].sum(axis=1), log.loc[closed, "resolution_hours"], atol=0.05)
    # Medians follow the simulated medians (lognormal, channel speeds 0.7-1.4).
    med = hours.median()
    for step, m in truth["step_median_hours"].items():
        assert 0.6 * m <= med[step] <= 1.2 * m, step
    sla = sv.sla_table(log)
    manual = (hours["approve"].dropna() <= truth["step_sla_hours"]["approve"]).mean()
    assert sla.loc["approve", "within_sla"] == pytest.approx(manual)
    by = sv.sla_table(log, by="channel")
    assert list(by.columns) == sorted(log["channel"].unique())
    # email is the slowest channel in the simulation, so it misses the approval SLA most often
    assert by.loc["approve"].idxmin() == "email"


def test_sla_errors():
    log = load_complaints()
    with pytest.raises(ValueError, match="sla_hours is missing step"):
        sv.sla_table(log, {"record": 1})
    with pytest.raises(ValueError, match="log is empty"):
        sv.sla_table(log.iloc[:0])
    with pytest.raises(ValueError, match="by must be a column"):
        sv.sla_table(log, by="region")
    with pytest.raises(ValueError, match="log is missing column"):
        sv.step_hours(log.drop(columns="at_judge"))
    with pytest.raises(TypeError, match="log must be a DataFrame"):
        sv.step_hours([1])


def test_stall_table_matches_open_cases():
    log = load_complaints()
    t = sv.stall_table(log)
    n_open = int((log["status"] == "open").sum())
    assert t["open_cases"].sum() == n_open
    assert abs(n_open / len(log) - load_truth()["complaints"]["stall_share"]) < 0.02
    assert t["open_cases"].idxmax() == "approve"  # the simulation stalls most at approval (35%)
    assert sv.stall_table(log[log["status"] == "closed"])["open_cases"].sum() == 0


def test_recovery_effect_recovers_truth():
    t = sv.recovery_effect(load_complaints(), load_survey())
    truth = load_truth()["complaints"]
    assert abs(t.loc["never_complained", "mean_satisfaction"] - truth["satisfaction_never_complained_mean"]) < 0.1
    for outcome, mean in truth["satisfaction_mean_by_outcome"].items():
        assert abs(t.loc[outcome, "mean_satisfaction"] - mean) < 0.3
    with pytest.raises(ValueError, match="survey is missing the column"):
        sv.recovery_effect(load_complaints(), load_survey().drop(columns="overall_satisfaction"))


# ---------------------------------------------------------------- SERVQUAL

def _reference_servqual(e, p, imp):
    """Independent long-format computation (pandas melt/groupby) of the SERVQUAL definitions in
    Parasuraman, Zeithaml & Berry (1988) and the weighted score of Zeithaml, Parasuraman & Berry (1990)."""
    dim_of = {i: d.code for d, items in curriculum.SERVQUAL_DIMENSIONS for i in items}
    long = pd.DataFrame({"r": np.repeat(np.arange(len(e)), 22), "item": np.tile(np.arange(1, 23), len(e)),
                         "gap": (np.asarray(p, float) - np.asarray(e, float)).ravel()})
    long["dim"] = long["item"].map(dim_of)
    per = long.groupby(["r", "dim"])["gap"].mean().unstack()[[d.code for d, _ in curriculum.SERVQUAL_DIMENSIONS]]
    weighted = (per.to_numpy() * np.asarray(imp, float) / 100).sum(axis=1).mean()
    return per.mean(), weighted


def test_servqual_matches_reference_computation_on_the_survey():
    e, p, imp = sv.servqual_columns(load_survey())
    r = sv.servqual(e, p, importance=imp)
    dims, weighted = _reference_servqual(e, p, imp)
    assert np.allclose(r.dimension_gaps.to_numpy(), dims.to_numpy())
    assert r.weighted_overall == pytest.approx(weighted)
    assert r.overall == pytest.approx(dims.mean())
    assert r.n == 1000 and len(r.item_gaps) == 22 and list(r.item_gaps.index) == list(range(1, 23))
    # the simulated (true) dimension gaps are recovered within 0.1
    for d, g in load_truth()["survey"]["servqual_true_gaps"].items():
        assert abs(r.dimension_gaps[d] - g) < 0.1, d


def test_servqual_one_respondent_hand_example():
    e = [6] * 22
    p = [5] * 4 + [4] * 5 + [6] * 4 + [5] * 4 + [6] * 5
    r = sv.servqual(e, p, importance={"有形性": 10, "Reliability": 40, "responsiveness": 20,
                                      "assurance": 20, "empathy": 10})
    # by hand: gaps -1, -2, 0, -1, 0; overall -4/5; weighted .1*-1 + .4*-2 + .2*-1 = -1.1
    assert r.dimension_gaps.tolist() == [-1, -2, 0, -1, 0]
    assert r.overall == -0.8 and r.weighted_overall == pytest.approx(-1.1)
    assert sv.servqual(e, p).weighted_overall is None


def test_servqual_errors():
    e = np.full((3, 22), 6)
    with pytest.raises(ValueError, match="same shape"):
        sv.servqual(e, np.full((2, 22), 5))
    with pytest.raises(ValueError, match="must have 22 items"):
        sv.servqual([6] * 21, [5] * 21)
    with pytest.raises(ValueError, match="NaN"):
        sv.servqual([np.nan] * 22, [5] * 22)
    with pytest.raises(ValueError, match="add up to 100"):
        sv.servqual(e, e, importance=[20, 20, 20, 20, 30])
    with pytest.raises(ValueError, match="missing the dimension 'reliability'"):
        sv.servqual(e, e, importance={"tangibles": 100})
    with pytest.raises(ValueError, match="5 columns"):
        sv.servqual(e, e, importance=np.full((3, 4), 25))
    with pytest.raises(ValueError, match="survey is missing column"):
        sv.servqual_columns(pd.DataFrame({"x": [1]}))


# ---------------------------------------------------------------- C-2.7 journey map

def test_journey_map_flags_lowest_and_validates():
    jm = sv.journey_map(sv.EXAMPLE_JOURNEY)
    assert jm.loc[jm["opportunity"], "stage"].tolist() == ["Get help 求助"]
    assert sv.journey_map(sv.EXAMPLE_JOURNEY, n_lowest=2)["opportunity"].sum() == 2
    with pytest.raises(ValueError, match="emotion must be numbers from -2 to \\+2"):
        sv.journey_map([{"stage": "a", "emotion": 3}, {"stage": "b", "emotion": 0}])
    with pytest.raises(ValueError, match="column 'emotion'"):
        sv.journey_map([{"stage": "a"}, {"stage": "b"}])
    with pytest.raises(ValueError, match="at least 2 stages"):
        sv.journey_map([{"stage": "a", "emotion": 0}])


def test_plots_return_axes():
    import matplotlib.pyplot as plt

    from labkit.plotting import service as ps

    ax = ps.plot_journey(sv.EXAMPLE_JOURNEY)
    assert len(ax.lines) >= 1 and "Get help" in ax.get_xticklabels()[-1].get_text()
    fig, axes = plt.subplots(1, 2)
    assert ps.plot_step_hours(sv.step_hours(load_complaints()), load_truth()["complaints"]["step_sla_hours"],
                              ax=axes[0]) is axes[0]
    assert ps.plot_servqual(sv.servqual([6] * 22, [5] * 22), ax=axes[1]) is axes[1]
    plt.close("all")


# ---------------------------------------------------------------- widgets

EXTREMES = {
    "characteristics_quiz_demo": [dict(scenario=4, answer="perishability"), dict(scenario=0, answer="no_ownership")],
    "pareto_demo": [dict(by="cause", channel="email", type_="suggestion", months_range=(0, 0), cut=1.0),
                    dict(by="type", channel="all", type_="all", months_range=(0, 20), cut=0.5),
                    dict(by="type_cause", channel="all", type_="all", months_range=(0, 20), cut=0.8)],
    "recovery_speed_demo": [dict(within_hours=32), dict(within_hours=148)],
    "gap_model_demo": [dict(prior=1, promised=7, delivered=1, promise_weight=1),
                       dict(prior=7, promised=1, delivered=7, promise_weight=0)],
    "journey_demo": [{f"s{i}": -2 for i in range(7)}, {f"s{i}": 2 for i in range(7)}],
    "roleplay_demo": [dict(procedure="stages", actions="5, 4, 3, 2, 1"), dict(procedure="methods", actions=""),
                      dict(procedure="skills", actions="6, 5, 4, 3, 2, 1"), dict(procedure="principles", actions="x"),
                      dict(procedure="recovery", actions="记录投诉内容\nfoo, record")],
    "servqual_demo": [dict(tangibles=0, reliability=0, responsiveness=0, assurance=0, empathy=0),
                      dict(tangibles=100, reliability=100, responsiveness=100, assurance=100, empathy=100)],
    "case_demo": [dict(case=599, steps=0, sla_scale=0.25), dict(case=0, steps=8, sla_scale=2.0)],
}


@pytest.mark.parametrize("name", sorted(EXTREMES))
def test_every_demo_reacts_at_extremes_without_raising(name):
    from labkit.widgets import demos_for
    from labkit.widgets import service as ws

    assert [f.__name__ for f in demos_for(2)] == ws.DEMOS and sorted(ws.DEMOS) == sorted(EXTREMES)
    demo = getattr(ws, name)()
    assert demo.error is None and demo.html
    before = demo.html
    outputs = []
    for change in EXTREMES[name]:
        demo.set(**change)
        assert demo.error is None or "⚠" in demo.html
        outputs.append(demo.html)
    assert any(o != before for o in outputs)


def test_demo_friendly_errors():
    from labkit.widgets import service as ws

    d = ws.servqual_demo().set(tangibles=0, reliability=0, responsiveness=0, assurance=0, empathy=0)
    assert d.error and "importance" in d.error
    d = ws.pareto_demo().set(channel="email", type_="suggestion", months_range=(0, 0))
    assert d.error is None or "no complaints match" in d.error
    d = ws.roleplay_demo().set(actions=" ")
    assert "type the actions" in d.error
    d = ws.case_demo().set(case=599, steps=3)
    assert "3" in d.html and d.error is None


def test_roleplay_demo_scores_the_seed_example():
    from labkit.widgets import service as ws

    d = ws.roleplay_demo().set(procedure="methods", actions="vent, listen, agree, ask, note, solve, close")
    assert "88%" in d.html and "missing 缺失" in d.html


# ---------------------------------------------------------------- checks

@pytest.mark.parametrize("answer", [object(), "abc", 3.5, {"a": 1}, [None]])
def test_nb2_odd_answers_never_raise(answer):
    for ex in list_exercises(2):
        r = evaluate(ex.id, answer)
        assert r.status in ("invalid", "incorrect", "partial") and r.en and r.zh, ex.id


def test_custom_checks_give_specific_feedback():
    plan = get_exercise("nb2.process_design").expected()
    assert evaluate("nb2.process_design", [s for s, _ in plan]).status == "partial"
    r = evaluate("nb2.process_design", plan[:3] + plan[4:])
    assert r.status == "partial" and "step 4" in r.en
    late = [("record", "2024-01-01 00:00"), ("judge", "2024-01-03 00:00")] + \
        [(s.code, f"2024-01-0{3 + i}") for i, s in enumerate(sv.RECOVERY_STEPS[2:], start=1)]
    assert "judge" in evaluate("nb2.process_design", late).en
    assert evaluate("nb2.journey", [{"stage": "a", "touchpoint": "x", "emotion": 1}] * 2).status == "partial"
    assert evaluate("nb2.journey", [{"stage": str(i), "emotion": i - 2} for i in range(4)]).status == "partial"
    assert evaluate("nb2.journey", [{"stage": "a", "emotion": 9}] * 4).status == "incorrect"


# ---------------------------------------------------------------- notebook convention

