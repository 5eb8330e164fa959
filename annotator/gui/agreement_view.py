"""The Agreement tab: the figures of `annotator agreement` and `annotator stats --by-reviewer` for the open file,
read again whenever the bus reports a change while the tab is shown."""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout

from ..team.agreement import agreement
from ..team.reviewer_stats import reviewer_stats
from .shown_view import RefreshedWhenShown


def _f(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table cellspacing='0' cellpadding='4' border='1'><tr>{head}</tr>{body}</table>"


def agreement_html(result: dict[str, Any], stats: list[dict[str, Any]]) -> str:
    if len(result["reviewers"]) < 2:
        parts = ["<p>One reviewer's file: agreement needs a team file "
                 "(<code>annotator merge A.db B.db --out TEAM.db</code>).</p>"]
    else:
        parts = [f"<h3>Reviewers: {html.escape(', '.join(result['reviewers']))}</h3>",
                 f"<p>Krippendorff's alpha over {result['candidates']} candidates: "
                 f"<b>{_f(result['krippendorff_alpha'])}</b></p>",
                 _table(["pair", "decided by both", "Cohen's kappa", "event F1", "counts", "place", "actors",
                         "targets", "all fields"],
                        [[" / ".join(p["reviewers"]), p["decided_by_both"], _f(p["cohen_kappa"]), _f(p["event_f1"]),
                          *(_f(p["fields_agree"][k]) for k in ("counts", "place", "actors", "targets", "all"))]
                         for p in result["pairs"]])]
        for p in result["pairs"]:
            parts.append(f"<h4>{html.escape(' / '.join(p['reviewers']))} by event type</h4>")
            parts.append(_table(["type", "decided by both", "kappa", "event F1", "fields agree"],
                                [[t.replace("_", " "), v["decided_by_both"], _f(v["cohen_kappa"]),
                                  _f(v["event_f1"]), _f(v["fields_agree"]["all"])]
                                 for t, v in p["per_type"].items()]))
        parts.append("<h4>By report</h4>")
        parts.append(_table(["report", "alpha", "reviewed by"],
                            [[r["title"][:80], _f(r["krippendorff_alpha"]), ", ".join(r["reviewers"])]
                             for r in result["per_report"].values()]))
    parts.append("<h4>By reviewer</h4>")
    parts.append(_table(["reviewer", "decisions", "accepted", "edits per event", "reports", "median time per report"],
                        [[s["reviewer"], s["decisions"], "–" if s["accept_rate"] is None
                          else f"{100 * s['accept_rate']:.0f}%", _f(s["edits_per_event"]), s["reports"],
                          "–" if s["median_seconds_per_report"] is None
                          else f"{s['median_seconds_per_report']:.0f} s"] for s in stats]))
    return "".join(parts)


class AgreementView(RefreshedWhenShown):
    def __init__(self, window: Any):
        super().__init__(window)
        self.setObjectName("agreementView")
        self.w = window
        self._stale = True
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("agreementText")
        QVBoxLayout(self).addWidget(self.browser)

    def refresh(self) -> None:
        self.browser.setHtml(agreement_html(agreement(self.w.store), reviewer_stats(self.w.store)))
        self._stale = False
