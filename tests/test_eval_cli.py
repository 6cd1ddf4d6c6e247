"""`newsfuse eval` end to end on a tiny data file."""
from __future__ import annotations

import gzip
import json

from typer.testing import CliRunner

from newsfuse.cli import app

DOCS = [
    "The storm reached the coast on Friday night. Thousands of homes lost power. "
    "Officials opened shelters in three towns. Schools will stay closed on Monday.",
    "Power was cut to thousands of homes as the storm hit the coast. "
    "Shelters opened in three towns, officials said. Roads were flooded near the river.",
]


def test_eval_cli_end_to_end(tmp_path):
    data = tmp_path / "tiny.jsonl.gz"
    with gzip.open(data, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "s1", "documents": DOCS, "summary": "A storm cut power to thousands; shelters opened."}) + "\n")
        f.write("not json at all\n")
        f.write(json.dumps({"id": "s2", "documents": " ||||| ".join(DOCS),
                            "summaries": ["Shelters opened in three towns.", "Roads flooded."]}) + "\n")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, [
        "eval", str(data), "--systems", "lead,lexrank,oracle,random",
        "--words", "20", "--out", str(out), "--no-progress",
    ])
    assert result.exit_code == 0, result.output
    assert "line 2" in result.stderr and "malformed JSON" in result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert [r.split("|")[1].strip() for r in rows[1:]] == ["lead", "lexrank", "oracle", "random"]
    assert "2 clusters (1 bad lines skipped)" in (out / "results.md").read_text()
    scores = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
    assert [s["id"] for s in scores] == ["s1", "s2"]
    assert set(scores[0]["systems"]) == {"lead", "lexrank", "oracle", "random"}
    assert 0 < scores[0]["systems"]["oracle"]["rouge1"] <= 100
    lead = [json.loads(line) for line in (out / "outputs" / "lead.jsonl").read_text().splitlines()]
    assert lead[0]["sentences"][0] == "The storm reached the coast on Friday night."
    assert sum(len(s.split()) for s in lead[0]["sentences"]) == 20
    summary = json.loads((out / "summary.json").read_text())
    assert summary["oracle"]["mean"]["rouge1"] >= summary["random"]["mean"]["rouge1"]


def test_eval_cli_rejects_unknown_system_and_missing_file(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"documents": DOCS, "summary": "x"}) + "\n")
    result = CliRunner().invoke(app, ["eval", str(data), "--systems", "lead,nope", "--no-progress"])
    assert result.exit_code == 2 and "nope" in result.stderr
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "missing.jsonl"), "--no-progress"])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_a_failing_system_is_reported_and_scored_empty(tmp_path, monkeypatch):
    from newsfuse.evaluate import systems

    def broken(story, words, seed):
        raise RuntimeError("boom")

    monkeypatch.setitem(systems.SYSTEMS, "lead", systems.System("lead", "broken for the test", broken))
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"id": "s1", "documents": DOCS, "summary": "Storm."}) + "\n")
    result = CliRunner().invoke(app, ["eval", str(data), "--systems", "lead,random", "--no-progress", "--words", "15"])
    assert result.exit_code == 0, result.output
    assert "lead failed on 1 cluster(s)" in result.stderr and "RuntimeError: boom" in result.stderr
    lead_row = next(line for line in result.stdout.splitlines() if line.startswith("| lead "))
    assert "0.00 [0.00, 0.00]" in lead_row


def test_eval_reads_duc_format_and_reports_recall_and_context(tmp_path):
    """DUC/TAC lines (dates, titles, several summaries): recall columns, the
    needs-context share, and the icsi peer, end to end."""
    from test_readable_briefs import _flood_report

    documents = [_flood_report(k) for k in range(6)]
    line = {
        "id": "flood", "documents": documents,
        "dates": ["2026-03-01"] * 6, "titles": [f"Brisk flood, report {k}" for k in range(6)],
        "summaries": ["Floodwater from the Arden river forced 2,000 residents of Brisk from their homes.",
                      "The Arden flooded Brisk; shelters opened, the rail line closed and power was cut."],
    }
    data = tmp_path / "duc.jsonl"
    data.write_text(json.dumps(line) + "\n", encoding="utf-8")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, [
        "eval", str(data), "--systems", "newsfuse,lead,icsi", "--words", "60", "--out", str(out), "--no-progress",
    ])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    assert "ROUGE-1 R" in header and "ROUGE-2 R" in header and "needs context" in header
    summary = json.loads((out / "summary.json").read_text())
    for name in ("newsfuse", "lead", "icsi"):
        mean = summary[name]["mean"]
        assert 0 < mean["rouge1_r"] <= 100 and 0 <= mean["rouge2_r"] <= mean["rouge1_r"]
        assert 0 < summary[name]["words"] <= 60
    assert summary["newsfuse"]["needs_context_pct"] == 0.0
