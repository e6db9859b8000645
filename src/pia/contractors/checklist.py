"""The checklist a 再委託申請 is examined on (審査): each sentence of the 評価書's own
⑧再委託の許諾方法, then the standard points of the 委託 measures of Ⅲ4 (``data/resubcontract_checks.yaml``,
each tagged; all [R], reconstructed).

    points = checklist("再委託申請書及び関係書類を提出させ、審査の後、書面により許諾通知を行っている。…")
    [p.text for p in points]   # the ⑧ sentences first, then the six standard points

Ⅲ4's 「再委託先による特定個人情報ファイルの適切な取扱いの確保 › 具体的な方法」 of the same file, when
given, adds its sentences after ⑧'s (``SOURCE_SUPERVISION``).

⑧ is split into sentences at 「。」 and at line breaks, a sentence kept whole (the 、-separated
parts of one sentence are one promise: 「提出させ、審査の後、書面により許諾通知を行っている」);
bullets (・, ○, -, 1.) are taken off the start of a line. A ⑧ that says nothing but 「未定」 or
「―」 gives no point of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pia.errors import PiaError
from pia.inputs import parse_yaml

SOURCE_ASSESSMENT = "assessment"  # a sentence of the 評価書's ⑧
SOURCE_STANDARD = "standard"  # a standard point of the 委託 measures
SOURCE_SUPERVISION = "supervision"  # a sentence of the 評価書's Ⅲ4 再委託先 supervision (具体的な方法)
_BULLET = re.compile(r"\A(?:[・○●◯■□◆◇\-‐*]|[0-9０-９]+[.．)）]|[(（][0-9０-９]+[)）])\s*")
_EMPTY = {"", "未定", "―", "-", "ー", "なし", "該当なし"}
MAX_POINTS = 40  # a ⑧ of more sentences is kept in its first 40 (the form limits its length anyway)


class ChecklistError(PiaError):
    """The standard points cannot be read (a broken data file)."""


@dataclass(frozen=True)
class CheckPoint:
    source: str  # SOURCE_ASSESSMENT or SOURCE_STANDARD
    code: str  # "assessment-1" … or the standard point's id
    text: str
    tag: str = ""  # the confidence tag of a standard point (V/P/R)


def sentences(text: str) -> list[str]:
    """The sentences of ⑧ as written, each ending in 「。」 (added where a line had none)."""
    found: list[str] = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        line = _BULLET.sub("", line.strip())
        for part in re.split(r"(?<=。)", line):
            part = part.strip()
            if part.strip("。 　") in _EMPTY:
                continue
            found.append(part if part.endswith("。") else part + "。")
    return found[:MAX_POINTS]


@cache
def standard_points() -> tuple[CheckPoint, ...]:
    raw = resources.files("pia.contractors").joinpath("data/resubcontract_checks.yaml").read_text(encoding="utf-8")
    data = parse_yaml(raw)
    try:
        points = tuple(
            CheckPoint(SOURCE_STANDARD, str(p["id"]), str(p["text"]).strip(), str(p["tag"])) for p in data["points"]
        )
    except (KeyError, TypeError) as exc:
        raise ChecklistError(f"再委託の審査項目のデータが読めません({exc})。") from None
    if not points or len({p.code for p in points}) != len(points):
        raise ChecklistError("再委託の審査項目のデータに項目がないか、同じ id が重複しています。")
    return points


def checklist(approval_text: str, supervision_text: str = "") -> list[CheckPoint]:
    """The points of one 再委託申請: ⑧'s sentences (as the 評価書 says them), then the sentences of
    Ⅲ4's 具体的な方法 for 再委託先 (those not already in ⑧), then the standard ones."""
    own = [CheckPoint(SOURCE_ASSESSMENT, f"assessment-{n}", s) for n, s in enumerate(sentences(approval_text), 1)]
    known = {p.text for p in own}
    fresh = [s for s in sentences(supervision_text) if s not in known]
    supervision = [CheckPoint(SOURCE_SUPERVISION, f"supervision-{n}", s) for n, s in enumerate(fresh, 1)]
    return own + supervision + list(standard_points())
