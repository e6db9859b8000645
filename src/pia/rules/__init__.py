"""Rules: validation of documents, しきい値判断, procedure, schedule and deadlines."""

from pia.rules.calendar import BusinessCalendar, add_years, default_calendar
from pia.rules.deadlines import Deadline, DeadlineError, compute_deadlines
from pia.rules.procedure import Procedure, ProcedureError, ProcedureStep, procedure_for
from pia.rules.ruledata import RuleBook, RuleDataError, Rules, load_rules
from pia.rules.schedule import Plan, PlanError, PlannedStep, check_plan, make_plan
from pia.rules.threshold import (
    DocumentJudgement,
    Reason,
    ThresholdError,
    ThresholdInput,
    ThresholdResult,
    judge,
    judge_values,
)

__all__ = [
    "BusinessCalendar",
    "Deadline",
    "DeadlineError",
    "DocumentJudgement",
    "Plan",
    "PlanError",
    "PlannedStep",
    "Procedure",
    "ProcedureError",
    "ProcedureStep",
    "Reason",
    "RuleBook",
    "RuleDataError",
    "Rules",
    "ThresholdError",
    "ThresholdInput",
    "ThresholdResult",
    "add_years",
    "check_plan",
    "compute_deadlines",
    "default_calendar",
    "judge",
    "judge_values",
    "load_rules",
    "make_plan",
    "procedure_for",
]
