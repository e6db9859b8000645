"""Data-driven validation cases (tests/pia/cases/validation.yaml) on the example documents."""

from pathlib import Path

import pytest
import yaml

from pia.document import ElementPath, load_document, set_value
from pia.findings import Level
from pia.forms import get_form
from pia.rules.validation import check

ROOT = Path(__file__).resolve().parents[3]
CASES = yaml.safe_load((ROOT / "tests/pia/cases/validation.yaml").read_text(encoding="utf-8"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DOCUMENT_EXAMPLES = [p for p in EXAMPLES if not p.name.endswith("-summary.yaml")]


@pytest.mark.parametrize("path", DOCUMENT_EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("level", [Level.SUBMIT, Level.PUBLISH])
def test_every_example_document_is_clean(path, level):
    findings = check(load_document(path), level)
    assert findings == []


def apply(document, case):
    template = get_form(document.form, document.edition)
    document.body_type = case.get("body_type", document.body_type)
    for path, value in case.get("set", {}).items():
        if case.get("raw"):
            document.values[path] = value
        else:
            set_value(document, template, ElementPath.parse(path), value)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_validation_case(case):
    document = load_document(ROOT / "examples" / case["example"])
    apply(document, case)
    findings = check(document, case.get("level", "submit"), pending=case.get("pending", ()))
    also = set(case.get("expect_codes_also", []))
    got = {(f.code, f.path) for f in findings if f.code not in also}
    assert got == {(e["code"], e["path"]) for e in case["expect"]}
    for code in also:
        assert any(f.code == code for f in findings)
    for finding in findings:
        assert (finding.label and finding.message.startswith("「")) or finding.code == "value.unknown-item"


def test_no_information_linkage_requires_both_not_connected_boxes_in_every_file():
    document = load_document(ROOT / "examples" / "jumin-kihon-daicho-v1.yaml")
    document.values["I.6.1"] = "実施しない"
    for element in document.values["files"]:
        element["III.file.6.none"] = ["接続しない(入手)"]
    mismatches = [f for f in check(document) if f.code == "consistency.mismatch"]
    assert {f.path for f in mismatches} == {f"III.file[#{e['id']}].6.none" for e in document.values["files"]}
    assert all("接続しない(提供)" in f.message for f in mismatches)
