"""Which form and edition a source is in: the edition label printed on it (「[平成30年5月 様式4]」),
else the title (「特定個人情報保護評価書(全項目評価書)」); the registry is the only list of
editions, so an edition file added to ``pia/forms/editions`` is recognised with no code."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pia.forms.model import FORM_KIND_LABELS, FormTemplate
from pia.forms.registry import UnknownFormError, all_forms, get_form
from pia.imports.model import ImportRefused
from pia.imports.normalize import compact, nfkc
from pia.imports.source import Piece

HEAD_PIECES = 80  # the label and the title are on the cover: look at the first pieces only
_LABEL = re.compile(r"\[\s*([^\[\]]{2,24}?)\s*様\s*式\s*(\d)\s*\]")


@dataclass(frozen=True)
class Detected:
    template: FormTemplate
    label: str  # the edition label as printed ("" when none was found)
    notes: tuple[str, ...] = ()

    @property
    def printed_edition(self) -> str:
        """The edition in the printed label (「平成26年4月」), "" when there was none."""
        found = _LABEL.search(self.label)
        return found.group(1).strip() if found else ""


def _registered(forms: list[FormTemplate]) -> str:
    return "、".join(f.edition_label for f in forms)


def detect(pieces: list[Piece], form: str, edition: str | None) -> Detected:
    head = "\n".join(nfkc(p.text) for p in pieces[:HEAD_PIECES])
    found = _LABEL.search(head)
    label = f"[{found.group(1).strip()} 様式{found.group(2)}]" if found else ""
    candidates = [f for f in all_forms() if form == "auto" or f.form == form]
    if form != "auto" and form not in FORM_KIND_LABELS:
        raise ImportRefused(f"--form '{form}' は不明です(basic, focused, full, auto のいずれかです)")
    if edition is not None:
        try:
            template = get_form(_form_of(candidates, found, head, form), edition)
        except UnknownFormError as exc:
            raise ImportRefused(str(exc)) from None
        notes = (f"版は指定どおり {template.edition_label} として読みました(文書の表示: {label or 'なし'})",)
        return Detected(template, label, notes if label and compact(label) != compact(template.edition_label) else ())
    if found and form != "auto" and all(t.yoshiki != f"様式{found.group(2)}" for t in candidates):
        raise ImportRefused(
            f"文書の様式の表示は {label} で、--form {form}({FORM_KIND_LABELS[form]})と合いません。"
            "--form を確かめてください(--edition も指定すると、表示によらずその版として読みます)"
        )
    if found:
        yoshiki, printed = f"様式{found.group(2)}", compact(found.group(1))
        for template in candidates:
            if template.yoshiki == yoshiki and compact(template.edition) == printed:
                return Detected(template, label)
        raise ImportRefused(
            f"文書の様式の表示 {label} の版は登録されていません(登録済み: {_registered(candidates)})。"
            "--edition で読む版を指定できます"
        )
    kind = _form_by_title(head, candidates)
    if kind is None:
        raise ImportRefused(
            "評価書の様式と版を判別できません(表紙の「[平成30年5月 様式4]」のような表示も、評価書の題名も"
            "見つかりません)。--form と --edition で指定してください"
        )
    template = get_form(kind)
    note = (
        f"様式の版の表示が見つからないため、題名から{FORM_KIND_LABELS[kind]}の最新の版"
        f" {template.edition_label} として読みました"
    )
    return Detected(template, "", (note,))


def _form_of(candidates: list[FormTemplate], found: re.Match[str] | None, head: str, form: str) -> str:
    if form != "auto":
        return form
    if found:
        for template in candidates:
            if template.yoshiki == f"様式{found.group(2)}":
                return template.form
    kind = _form_by_title(head, candidates)
    if kind is None:
        raise ImportRefused("評価書の種類を判別できません。--form で basic、focused、full のいずれかを指定してください")
    return kind


def _form_by_title(head: str, candidates: list[FormTemplate]) -> str | None:
    text = compact(head)
    for template in candidates:
        if compact(template.title) in text:
            return template.form
    for kind, name in FORM_KIND_LABELS.items():
        if any(t.form == kind for t in candidates) and name in text:
            return kind
    return None
