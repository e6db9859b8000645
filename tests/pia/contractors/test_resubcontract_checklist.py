"""The checklist of a 再委託申請: ⑧'s sentences (split sensibly) then the standard points of Ⅲ4."""

from __future__ import annotations

from pathlib import Path

from pia.contractors import checklist, entrustments, sentences, standard_points, subcontract_supervision
from pia.contractors.checklist import SOURCE_ASSESSMENT, SOURCE_STANDARD, SOURCE_SUPERVISION

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

SEED_8 = (
    "再委託申請書及び関係書類を提出させ、審査の後、書面により許諾通知を行っている。\n"
    "委託先の義務と同等の義務を再委託先に負わせることを、再委託する場合の遵守事項として定めており、"
    "そのことが確認できる書類の写し等を提出させることにより審査している。"
)


def test_the_seed_text_gives_its_two_sentences_whole():
    assert sentences(SEED_8) == [
        "再委託申請書及び関係書類を提出させ、審査の後、書面により許諾通知を行っている。",
        "委託先の義務と同等の義務を再委託先に負わせることを、再委託する場合の遵守事項として定めており、"
        "そのことが確認できる書類の写し等を提出させることにより審査している。",
    ]


def test_sentences_on_one_line_and_bullets_are_split_and_stripped():
    text = "申請書を提出させる。審査する。\n・誓約書を提出させる\n1. 書面で通知する。"
    assert sentences(text) == ["申請書を提出させる。", "審査する。", "誓約書を提出させる。", "書面で通知する。"]


def test_an_undecided_or_empty_text_gives_no_point_of_its_own():
    assert sentences("未定") == []
    assert sentences("") == []
    assert [p.source for p in checklist("―")] == [SOURCE_STANDARD] * len(standard_points())


def test_the_checklist_is_the_sentences_then_the_standard_points():
    points = checklist(SEED_8)
    assert [p.source for p in points[:2]] == [SOURCE_ASSESSMENT, SOURCE_ASSESSMENT]
    assert [p.code for p in points[2:]] == [
        "equivalent-duty",
        "handlers",
        "place",
        "safety-measures",
        "further-subcontracting",
        "return-disposal",
    ]
    assert len({p.code for p in points}) == len(points)


def test_every_standard_point_is_tagged_as_reconstructed():
    assert {p.tag for p in standard_points()} == {"R"}
    assert any("同等の義務" in p.text for p in standard_points())
    assert any("再々委託" in p.text for p in standard_points())


def test_the_supervision_of_iii4_adds_its_sentences_not_already_in_8():
    supervision = (
        "再委託先の作業従事者名簿を提出させる。"
        "再委託申請書及び関係書類を提出させ、審査の後、書面により許諾通知を行っている。"
    )
    points = checklist(SEED_8, supervision)
    assert [p.source for p in points[:3]] == [SOURCE_ASSESSMENT, SOURCE_ASSESSMENT, SOURCE_SUPERVISION]
    assert points[2].text == "再委託先の作業従事者名簿を提出させる。"
    assert len(points) == 3 + len(standard_points())  # the repeated sentence is not asked twice


def test_the_seed_document_gives_iii4_of_the_entrustments_file():
    from pia.document.codec import load_document

    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    center = next(e for e in entrustments(document) if e.path.endswith("[#card-center]"))
    text = subcontract_supervision(document, center)
    assert text.startswith("再委託を行う場合は、再委託申請書及び関係書類を提出させ、本市が審査した上で")
    assert "作業従事者名簿" in text
