"""委託先 and 委託事項: what the workbench's 委託先 register needs from the core.

The 法人番号 check (``corporate_number``), the expected date written in a 未定 text
(``expected``), the names by which a 委託先 is matched (``names``) and the 委託事項 of a
filled 評価書, found by the form data's structure (``entrustments``); the checklist of a
再委託申請 (``checklist``: ⑧'s sentences and the standard points of Ⅲ4)."""

from pia.contractors.checklist import ChecklistError, CheckPoint, checklist, sentences, standard_points
from pia.contractors.corporate_number import (
    CorporateNumberError,
    check_digit,
    normalise_corporate_number,
    validate_corporate_number,
)
from pia.contractors.entrustments import Entrustment, entrustments, subcontract_supervision
from pia.contractors.expected import ExpectedDate, Precision, expected_date, is_undecided
from pia.contractors.names import name_key

__all__ = [
    "CheckPoint",
    "ChecklistError",
    "CorporateNumberError",
    "Entrustment",
    "ExpectedDate",
    "Precision",
    "check_digit",
    "checklist",
    "entrustments",
    "expected_date",
    "is_undecided",
    "name_key",
    "normalise_corporate_number",
    "sentences",
    "standard_points",
    "subcontract_supervision",
    "validate_corporate_number",
]
