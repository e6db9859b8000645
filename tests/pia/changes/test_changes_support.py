"""Small seed-like documents for the changes tests (imported by the other test modules).

``seed_v1()`` holds two files, the second (本人確認情報ファイル, id ``honnin``) with one
委託事項; ``seed_v2()`` is the 熊本市 revision of the seed: 委託事項2 ``card-center``
added, ( )件 1→2, Ⅲ 4 再委託先… changed, and a ``card-center-risks`` risk section added.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pia.document import Document, load_document, new_document
from pia.forms import get_form

FULL = get_form("full")
EXAMPLES = Path(__file__).parents[3] / "examples"
HERE = Path(__file__).parent

CARD_CENTER: dict[str, Any] = {
    "id": "card-center",
    "II.file.4.itaku.name": "熊本市マイナンバーカードセンター等運営業務委託",
    "II.file.4.itaku.1": "熊本市マイナンバーカードセンター運営業務、マイナンバーカード申請サポート業務 等",
    "II.file.4.itaku.2": "特定個人情報ファイルの全体",
    "II.file.4.itaku.2a": "10万人以上100万人未満",
    "II.file.4.itaku.2b": "「2. ③対象となる本人の範囲」と同上",
    "II.file.4.itaku.2c": "マイナンバーカードの交付の対象者は、全ての住民基本台帳登録者である。",
    "II.file.4.itaku.3": "50人以上100人未満",
    "II.file.4.itaku.4": [{"その他": "住民基本台帳ネットワークシステム、既存住基システム"}],
    "II.file.4.itaku.5": "熊本市ホームページ等で確認できる予定",
    "II.file.4.itaku.6": "未定(令和8年3月頃契約締結予定)",
    "II.file.4.itaku.7": "再委託する",
    "II.file.4.itaku.8": "再委託申請書及び関係書類を提出させ、審査の後、書面により許諾通知を行っている。",
    "II.file.4.itaku.9": "未定",
}

CARD_CENTER_RISKS: dict[str, Any] = {
    "id": "card-center-risks",
    "III.file.4.other.title": (
        "【熊本市マイナンバーカードセンター等運営業務委託特有のリスク及びそのリスクに対する措置】"
    ),
    "III.file.4.other.risks": [
        {
            "id": "other-work",
            "III.file.4.other.risks.risk": "・交付関係業務を委託化することによって、他業務へ悪影響を及ぼすリスク",
            "III.file.4.other.risks.measure": "・市の保有する端末・ネットワークのみで完結可能な業務として構築する。",
        },
        {
            "id": "open-counter",
            "III.file.4.other.risks.risk": "窓口(開放的環境)で交付関係業務を委託化する情報セキュリティリスク",
            "III.file.4.other.risks.measure": "・覗き見防止フィルターを設置する。",
        },
    ],
}


def _file(file_id: str, name: str) -> dict[str, Any]:
    return {
        "id": file_id,
        "II.file.1": name,
        "II.file.2.1": "システム用ファイル",
        "II.file.2.2": "10万人以上100万人未満",
        "II.file.4.umu": "委託しない",
        "II.file.4.itaku": [],
        "III.file.4.none": ["委託しない"],
        "III.file.4.other": [],
    }


def seed_v1() -> Document:
    document = new_document(FULL)
    values = document.values
    values["cover.number"] = "1"
    values["cover.name"] = "住民基本台帳に関する事務 全項目評価書"
    values["I.1.1"] = "住民基本台帳に関する事務"
    honnin = _file("honnin", "本人確認情報ファイル")
    honnin.update({"II.file.4.umu": "委託する", "II.file.4.kensu": 1, "III.file.4.none": []})
    honnin["II.file.4.itaku"] = [
        {"id": "jukinet", "II.file.4.itaku.name": "住基ネット機器保守", "II.file.4.itaku.7": "再委託しない"}
    ]
    honnin["III.file.4.7"] = "再委託していない"
    values["files"] = [_file("juki", "住民基本台帳ファイル"), honnin]
    return document


def seed_v2() -> Document:
    document = seed_v1()
    honnin = document.values["files"][1]
    honnin["II.file.4.kensu"] = 2
    honnin["II.file.4.itaku"].append(copy.deepcopy(CARD_CENTER))
    honnin["III.file.4.7"] = "十分に行っている"
    honnin["III.file.4.7a"] = "再委託先に委託先と同等の義務を負わせ、書類で確認している。"
    honnin["III.file.4.other"].append(copy.deepcopy(CARD_CENTER_RISKS))
    return document


def example(version: str) -> Document:
    return load_document(EXAMPLES / f"jumin-kihon-daicho-{version}.yaml")


def test_the_fixture_revision_adds_the_seed_blocks() -> None:
    old, new = seed_v1(), seed_v2()
    assert len(old.values["files"][1]["II.file.4.itaku"]) == 1
    assert [e["id"] for e in new.values["files"][1]["II.file.4.itaku"]] == ["jukinet", "card-center"]
