"""The class report: ``labkit report GRADEBOOK_DIR --out report.html``.

One offline HTML file (plots embedded as PNG, no scripts, no web fonts), English and Chinese,
built from the ``*-results.json`` records ``labkit grade`` writes beside each gradebook. It is
meant to be read in two minutes before class: a "what to discuss" list first, then the score
distribution, each exercise's success rate (hardest first), **the misconception table** (for
each exercise, how many students' answers matched each named mistake — the ``Variant`` s of
``labkit/checks``), statuses, reproducibility problems, rubric criteria most often missed,
similarity flags and the time each submission took.

Examples
--------
>>> record = {"format": "labkit-results/1", "name": "ch0", "possible": 1.0,
...     "exercises": [{"id": "nb0.customers_count", "variable": "a", "points": 1.0}],
...     "students": [{"student_id": s, "submission": s + ".ipynb", "status": "ok", "reason": "",
...                   "total": t, "seconds": 2.0, "findings": [],
...                   "exercises": {"nb0.customers_count": {"status": st, "score": t, "variant": None}}}
...                  for s, t, st in [("a", 1.0, "correct"), ("b", 0.0, "incorrect")]]}
>>> [(r["exercise"], r["correct"], r["answered"]) for r in exercise_rates(record)]
[('nb0.customers_count', 1, 2)]
"""
from __future__ import annotations

import base64
import html
import io
import statistics
from pathlib import Path
from typing import Sequence

__all__ = ["exercise_rates", "misconceptions", "class_report_html", "write_class_report", "find_records"]

_ANSWERED = ("correct", "partial", "incorrect", "invalid")


def find_records(folder: str | Path) -> list[dict]:
    """Every results record in ``folder`` (``*-results.json``), sorted by name; a ValueError if none."""
    from labkit.grading._results import load_results

    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"GRADEBOOK_DIR must be a folder holding *-results.json files, got {str(folder)!r}")
    paths = sorted(folder.glob("*-results.json"))
    if not paths:
        raise ValueError(f"no *-results.json in {str(folder)!r}: run `labkit grade ... --out {folder}/NAME.csv` first")
    return [load_results(p) for p in paths]


def exercise_rates(record: dict) -> list[dict]:
    """Per exercise: students who answered, got it correct or partly right; hardest (lowest rate) first."""
    rows = []
    n = len(record["students"])
    for ex in record["exercises"]:
        st = [s["exercises"].get(ex["id"], {}).get("status", "not_graded") for s in record["students"]]
        answered = sum(x in _ANSWERED for x in st)
        correct = sum(x == "correct" for x in st)
        rows.append({"exercise": ex["id"], "points": ex["points"], "students": n, "answered": answered,
                     "correct": correct, "partial": sum(x == "partial" for x in st),
                     "not_attempted": sum(x == "not_attempted" for x in st),
                     "not_graded": sum(x == "not_graded" for x in st),
                     "rate": correct / n if n else 0.0})
    return sorted(rows, key=lambda r: (r["rate"], r["exercise"]))


def misconceptions(record: dict) -> list[dict]:
    """Per (exercise, Variant) matched by at least one student: count, share of answers, of the class, message.

    Sorted by count (most common first). Variants with full credit (accepted alternatives) are
    kept and marked, since an instructor may still want to know which convention was used.
    """
    from labkit.checks import get_exercise

    n = len(record["students"])
    rows = []
    for ex in record["exercises"]:
        counts: dict[int, int] = {}
        answered = 0
        for s in record["students"]:
            e = s["exercises"].get(ex["id"], {})
            answered += e.get("status") in _ANSWERED
            if e.get("variant") is not None:
                counts[int(e["variant"])] = counts.get(int(e["variant"]), 0) + 1
        if not counts:
            continue
        try:
            variants = get_exercise(ex["id"]).variants
        except ValueError:
            variants = ()
        for i, c in counts.items():
            v = variants[i] if i < len(variants) else None
            rows.append({"exercise": ex["id"], "variant": i, "count": c,
                         "share_answered": c / answered if answered else 0.0, "share_class": c / n if n else 0.0,
                         "en": v.en if v else f"variant {i} (no longer defined)",
                         "zh": v.zh if v else f"第 {i} 个变体（已不存在）",
                         "credit": float(v.credit) if v else 0.0})
    return sorted(rows, key=lambda r: (-r["count"], r["exercise"], r["variant"]))


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _label(en: str, zh: str, cjk: bool) -> str:
    return f"{en} {zh}" if cjk else en


def _plots(record: dict, rates: list[dict]) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from labkit.plotting import PALETTE, cjk_font

    font = cjk_font()
    cjk = font is not None
    rc = {"font.family": ["DejaVu Sans"] + ([font] if font else []), "axes.spines.top": False,
          "axes.spines.right": False}
    colors = list(PALETTE.values()) if isinstance(PALETTE, dict) else list(PALETTE)
    out = {}
    with plt.rc_context(rc):
        totals = [s["total"] for s in record["students"]]
        fig, ax = plt.subplots(figsize=(6.4, 2.8))
        possible = float(record["possible"]) or 1.0
        bins = min(20, max(5, int(possible) + 1))
        ax.hist(totals, bins=bins, range=(0, possible), color=colors[0], edgecolor="white")
        ax.set_xlabel(_label("points", "得分", cjk))
        ax.set_ylabel(_label("students", "人数", cjk))
        ax.set_title(_label("Score distribution", "成绩分布", cjk), loc="left")
        out["scores"] = _png(fig)

        fig, ax = plt.subplots(figsize=(6.4, 0.32 * len(rates) + 0.9))
        names = [r["exercise"] for r in rates][::-1]
        ax.barh(names, [r["rate"] * 100 for r in rates][::-1], color=colors[1 % len(colors)])
        ax.barh(names, [r["partial"] / max(r["students"], 1) * 100 for r in rates][::-1],
                left=[r["rate"] * 100 for r in rates][::-1], color=colors[2 % len(colors)], alpha=0.6)
        ax.set_xlim(0, 100)
        ax.set_xlabel(_label("% of students correct (light: partly right)", "答对学生的比例 %（浅色：部分正确）", cjk))
        ax.tick_params(axis="y", labelsize=8)
        ax.set_title(_label("Success rate per exercise, hardest first", "各题正确率（最难的在上）", cjk), loc="left")
        out["rates"] = _png(fig)

        secs = [s["seconds"] for s in record["students"]]
        fig, ax = plt.subplots(figsize=(6.4, 2.4))
        ax.hist(secs, bins=20, color=colors[3 % len(colors)], edgecolor="white")
        ax.set_xlabel(_label("seconds per submission", "每份提交的用时（秒）", cjk))
        ax.set_ylabel(_label("submissions", "份数", cjk))
        ax.set_title(_label("Grading time per submission", "每份提交的评分用时", cjk), loc="left")
        out["time"] = _png(fig)
    return out


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _n(x: float) -> str:
    return f"{round(float(x), 2):g}"


_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;
max-width:980px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.05em}.zh{color:#555}.muted{color:#777;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.5em 0}th,td{border-bottom:1px solid #e5e5e5;
padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f6f6f6}td.num{text-align:right;white-space:nowrap}
.bar{display:inline-block;height:.7em;background:#c0392b;vertical-align:middle;margin-right:.4em}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;min-width:9em}
.card b{font-size:1.4em;display:block}.todo li{margin:.3em 0}img{max-width:100%}
code{background:#f3f3f3;padding:0 .2em}pre{background:#f8f8f8;padding:.5em;overflow-x:auto;font-size:.85em;margin:0}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.5em}
"""


def _section_for(record: dict) -> str:
    from labkit.checks import get_exercise

    students = record["students"]
    n = len(students)
    rates = exercise_rates(record)
    mis = misconceptions(record)
    plots = _plots(record, rates) if n else {}
    totals = [s["total"] for s in students]
    statuses: dict[str, int] = {}
    for s in students:
        statuses[s["status"]] = statuses.get(s["status"], 0) + 1
    # not graded normally: a status other than ok, or an ok run the grader had to cut short
    problems = [s for s in students if s["status"] != "ok"
                or any(w in s["reason"] for w in ("time limit", "s limit", "not reached", "not run"))]
    repro = [s for s in students if s["findings"]]
    flags = record.get("similarity", [])
    rubric = record.get("rubric", [])
    secs = [s["seconds"] for s in students]

    def statement(ex_id):
        try:
            ex = get_exercise(ex_id)
            return ex.en, ex.zh
        except ValueError:
            return "", ""

    h = [f'<section><h2>{_e(record["name"])}</h2>']
    h.append('<div class="cards">'
             f'<div class="card"><b>{n}</b>students 学生</div>'
             f'<div class="card"><b>{_n(statistics.mean(totals)) if n else "–"} / {_n(record["possible"])}</b>'
             'mean score 平均分</div>'
             f'<div class="card"><b>{_n(statistics.median(totals)) if n else "–"}</b>median 中位数</div>'
             f'<div class="card"><b>{statuses.get("ok", 0)}</b>graded normally 正常评分</div>'
             f'<div class="card"><b>{len(problems)}</b>need a look 需查看</div>'
             f'<div class="card"><b>{len(flags)}</b>similarity flags 相似标记</div></div>')
    # what to discuss: the two-minute list
    todo = []
    for r in rates[:3]:
        if r["rate"] < 0.8:
            todo.append(f"<li><code>{_e(r['exercise'])}</code>: only {_pct(r['rate'])} correct "
                        f"<span class='zh'>仅 {_pct(r['rate'])} 答对</span> — {_e(statement(r['exercise'])[0])}</li>")
    for m in [m for m in mis if m["credit"] < 1][:3]:
        todo.append(f"<li>{_pct(m['share_answered'])} of answers to <code>{_e(m['exercise'])}</code> "
                    f"({m['count']} students): {_e(m['en'])} <span class='zh'>{_pct(m['share_answered'])} 的作答"
                    f"（{m['count']} 人）：{_e(m['zh'])}</span></li>")
    if problems:
        todo.append(f"<li>{len(problems)} submission(s) did not grade normally — see Statuses "
                    f"<span class='zh'>{len(problems)} 份提交未能正常评分——见“状态”</span></li>")
    if flags:
        todo.append(f"<li>{len(flags)} pair(s) of very similar submissions to look at (evidence, not a verdict) "
                    f"<span class='zh'>{len(flags)} 对高度相似的提交需要人工查看（仅为线索，不是结论）</span></li>")
    h.append("<h3>Before class: what to discuss 课前要点</h3><ul class='todo'>"
             + ("".join(todo) or "<li>Nothing stands out. 没有突出的问题。</li>") + "</ul>")
    if plots:
        h.append(f'<h3>Score distribution 成绩分布</h3><img alt="score distribution" src="{plots["scores"]}">')
    h.append("<h3>Misconceptions: named mistakes the answers matched 常见错误（答案命中的已知错误）</h3>")
    if mis:
        h.append("<table><tr><th>exercise 练习</th><th>students 人数</th><th>of answers 占作答</th>"
                 "<th>mistake 错误</th></tr>")
        for m in mis:
            tag = " <span class='muted'>(accepted alternative 可接受的另一种做法)</span>" if m["credit"] >= 1 else (
                f" <span class='muted'>(partial credit {_n(m['credit'])} 部分得分)</span>" if m["credit"] > 0 else "")
            h.append(f"<tr><td><code>{_e(m['exercise'])}</code></td><td class='num'>{m['count']}</td>"
                     f"<td class='num'><span class='bar' style='width:{round(60 * m['share_answered'])}px'></span>"
                     f"{_pct(m['share_answered'])}</td><td>{_e(m['en'])}{tag}<br><span class='zh'>{_e(m['zh'])}</span></td></tr>")
        h.append("</table>")
    else:
        h.append("<p>No answer matched a named mistake. 没有答案命中已知错误。</p>")
    h.append('<h3>Success rate per exercise 各题正确率</h3>')
    if plots:
        h.append(f'<img alt="success rate per exercise" src="{plots["rates"]}">')
    h.append("<table><tr><th>exercise 练习</th><th>asks 题目</th><th>correct 答对</th><th>partly 部分</th>"
             "<th>wrong 答错</th><th>not attempted 未作答</th><th>not graded 未评分</th></tr>")
    for r in rates:
        en, zh = statement(r["exercise"])
        wrong = r["answered"] - r["correct"] - r["partial"]
        h.append(f"<tr><td><code>{_e(r['exercise'])}</code></td><td>{_e(en)}<br><span class='zh'>{_e(zh)}</span></td>"
                 f"<td class='num'>{r['correct']} ({_pct(r['rate'])})</td><td class='num'>{r['partial']}</td>"
                 f"<td class='num'>{wrong}</td><td class='num'>{r['not_attempted']}</td>"
                 f"<td class='num'>{r['not_graded']}</td></tr>")
    h.append("</table>")
    h.append("<h3>Statuses 状态</h3><table><tr><th>status 状态</th><th>submissions 份数</th></tr>"
             + "".join(f"<tr><td>{_e(k)}</td><td class='num'>{v}</td></tr>" for k, v in sorted(statuses.items()))
             + "</table>")
    if problems:
        h.append("<table><tr><th>student 学生</th><th>status 状态</th><th>reason 原因</th></tr>"
                 + "".join(f"<tr><td>{_e(s['student_id'])}</td><td>{_e(s['status'])}</td><td>{_e(s['reason'])}</td></tr>"
                           for s in problems) + "</table>")
    h.append("<h3>Reproducibility 可复现性</h3>")
    if repro:
        h.append(f"<p>{len(repro)} submission(s) whose stored outputs differ from a fresh run "
                 f"<span class='zh'>{len(repro)} 份提交保存的输出与重新运行的结果不一致</span></p><table>"
                 "<tr><th>student 学生</th><th>what differs 差异</th></tr>"
                 + "".join(f"<tr><td>{_e(s['student_id'])}</td><td>{'<br>'.join(_e(f) for f in s['findings'][:5])}</td></tr>"
                           for s in repro) + "</table>")
    else:
        h.append("<p>Every stored output matches a fresh run. 所有保存的输出都与重新运行的结果一致。</p>")
    if rubric:
        h.append("<h3>Rubric criteria most often missed 最常遗漏的评分要点</h3><table><tr><th>response 题目</th>"
                 "<th>criterion 要点</th><th>missed by 遗漏人数</th></tr>"
                 + "".join(f"<tr><td><code>{_e(r['response'])}</code></td><td>{_e(r['criterion'])}</td>"
                           f"<td class='num'>{r['missed']} / {r['graded']}</td></tr>" for r in rubric) + "</table>")
    h.append("<h3>Similarity flags 相似度标记</h3>")
    if flags:
        h.append("<p>Pairs whose code and answers (template removed, names normalised) are very similar. "
                 "A flag is evidence for a person to judge, never a penalty. "
                 "<span class='zh'>去掉模板代码、统一变量名后仍高度相似的提交对。标记只是供人判断的线索，不是处罚。</span></p>")
        for f in flags:
            shared = f.get("shared", [])[:12]
            h.append(f"<p><b>{_e(f['a'])}</b> ↔ <b>{_e(f['b'])}</b>: similarity 相似度 {_n(f['similarity'])}"
                     f" ({len(f.get('shared', []))} shared lines 共同行)</p><div class='pair'>"
                     f"<pre>{_e(chr(10).join(x[0] for x in shared))}</pre><pre>{_e(chr(10).join(x[1] for x in shared))}</pre></div>")
    else:
        h.append("<p>No pair above the threshold" + (" (not computed for this batch)" if "similarity" not in record else "")
                 + ". 没有超过阈值的提交对。</p>")
    h.append("<h3>Time per submission 每份用时</h3>")
    if secs:
        h.append(f"<p>median 中位数 {_n(statistics.median(secs))} s, slowest 最慢 {_n(max(secs))} s, "
                 f"total 合计 {_n(sum(secs))} s</p>")
    if plots:
        h.append(f'<img alt="time per submission" src="{plots["time"]}">')
    h.append("</section>")
    return "\n".join(h)


def class_report_html(records: Sequence[dict]) -> str:
    """The whole report (one ``<section>`` per graded batch) as a self-contained HTML string."""
    body = "\n".join(_section_for(r) for r in records)
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>Class report 班级报告</title>"
            f"<style>{_CSS}</style></head><body>"
            "<h1>Class report <span class='zh'>班级报告</span></h1>"
            "<p class='muted'>From the grader's results: scores are the grader's, mistakes are the named "
            "Variants of labkit's checks each answer matched. 数据来自评分结果：分数由评分程序给出，"
            "常见错误是每个答案命中的 labkit 已知错误（Variant）。</p>"
            f"{body}</body></html>\n")


def write_class_report(folder: str | Path, out: str | Path) -> Path:
    """Read every ``*-results.json`` in ``folder`` and write the report to ``out``."""
    records = find_records(folder)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(class_report_html(records), encoding="utf-8")
    return out
