"""Demo data: 熊本市 with five people (one per role), a second body, and 評価書 loaded from
``examples/``. Idempotent: a second run finds everything and creates nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from pia.document import Document, DocumentError, load_document, role_value
from pia.document.images import image_reference
from pia.forms import FORM_KIND_LABELS, get_form
from workbench.assessments import actions
from workbench.assessments.attachments import image_items, keep_figure
from workbench.assessments.models import Assessment, Jimu, Status
from workbench.audit.actions import record
from workbench.organizations.models import BodyType, Membership, Organization, Role
from workbench.procedure import actions as procedure_actions
from workbench.procedure.demo.consultations import load_consultations
from workbench.procedure.demo.figure import CAPTION as FIGURE_CAPTION
from workbench.procedure.demo.figure import FILE as FIGURE_FILE
from workbench.procedure.demo.figure import demo_figure
from workbench.procedure.demo.reviews import load_reviews
from workbench.runtime import persistent_secret

KUMAMOTO, OTHER_ORG = "熊本市", "デモ町"
USERS = {
    "kanri": (KUMAMOTO, Role.ADMIN, "管理者"),
    "sakusei": (KUMAMOTO, Role.AUTHOR, "作成者"),
    "shonin": (KUMAMOTO, Role.APPROVER, "承認者"),
    "etsuran": (KUMAMOTO, Role.VIEWER, "閲覧者"),
    "tenken": (KUMAMOTO, Role.REVIEWER, "第三者点検委員"),
    "other": (OTHER_ORG, Role.ADMIN, "管理者(別団体)"),
}


@dataclass(frozen=True)
class DemoAssessment:
    organization: str
    files: tuple[str, ...]  # one example file per version, oldest first
    published: tuple[int, ...] = ()  # version numbers to mark 公表
    title_prefix: str = ""
    figure: bool = False  # every version gets the (別添1) flow diagram (demo/figure.py)


DEMO_ASSESSMENTS = (
    DemoAssessment(KUMAMOTO, ("jumin-kihon-daicho-v1.yaml", "jumin-kihon-daicho-v2.yaml"), published=(1,), figure=True),
    DemoAssessment(KUMAMOTO, ("jumin-kihon-daicho-basic.yaml",), published=(1,)),
    DemoAssessment(KUMAMOTO, ("boshi-hoken-basic.yaml",)),
    DemoAssessment(KUMAMOTO, ("jido-teate-focused.yaml",)),
    DemoAssessment(OTHER_ORG, ("jumin-kihon-daicho-basic.yaml",), title_prefix="デモ町 "),
)


@dataclass
class DemoReport:
    password: str
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# Demo data of the apps above this one (ADR 0013: they cannot be imported here). Each registers a
# loader in its AppConfig.ready; load_demo calls them last, in the same transaction, with the
# demo users by name and the report. A loader is idempotent like the rest.
Loader = Callable[[dict, DemoReport], None]
_loaders: list[Loader] = []


def register_loader(loader: Loader) -> None:
    """Add a loader once (``ready`` may run more than once in tests)."""
    if loader not in _loaders:
        _loaders.append(loader)


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or persistent_secret("demo_password", 12, accept=_meets_policy)


def _meets_policy(password: str) -> bool:
    """The generated password passes AUTH_PASSWORD_VALIDATORS for every demo user (Django's
    similarity check is a conservative upper bound and refuses about 1 draw in 100)."""
    user_model = get_user_model()
    try:
        for username in USERS:
            validate_password(password, user_model(username=username))
    except ValidationError:
        return False
    return True


def examples_dir() -> Path:
    env = os.environ.get("PIA_EXAMPLES_DIR")
    if env:
        return Path(env)
    for candidate in (Path.cwd() / "examples", Path(__file__).resolve().parents[4] / "examples"):
        if candidate.is_dir():
            return candidate
    return Path.cwd() / "examples"


def load_demo(directory: Path | None = None) -> DemoReport:
    report = DemoReport(demo_password())
    directory = directory or examples_dir()
    with transaction.atomic():
        orgs = {name: _organization(name, body, report) for name, body in _ORGS}
        users = {name: _user(name, report) for name in USERS}
        for username, (org, role, _) in USERS.items():
            _membership(users[username], orgs[org], role, report)
        for spec in DEMO_ASSESSMENTS:
            author = users["sakusei"] if spec.organization == KUMAMOTO else users["other"]
            _assessment(spec, orgs[spec.organization], author, directory, report)
        load_consultations(users["sakusei"], users["kanri"], report)
        load_reviews(users["sakusei"], users["tenken"], report)
        for loader in _loaders:
            loader(users, report)
        if report.created:
            record(None, "demo.load", details={"created": report.created[:50], "username": "load_demo"})
    return report


_ORGS = ((KUMAMOTO, BodyType.LOCAL), (OTHER_ORG, BodyType.LOCAL))


def _organization(name: str, body: str, report: DemoReport) -> Organization:
    organization, created = Organization.objects.get_or_create(name=name, defaults={"body_type": body})
    if created:
        report.created.append(f"団体 {name}")
    return organization


def _user(username: str, report: DemoReport):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if created or not user.check_password(report.password):
        user.set_password(report.password)
        user.save(update_fields=["password"])
    if created:
        report.created.append(f"利用者 {username}")
    return user


def _membership(user, organization: Organization, role: str, report: DemoReport) -> None:
    _, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if created:
        report.created.append(f"役割 {user.username}: {organization.name} {Role(role).label}")


def _assessment(spec: DemoAssessment, organization: Organization, author, directory: Path, report: DemoReport):
    documents = _documents(spec, directory, report)
    if not documents:
        return
    first = documents[0]
    jimu_name = str(role_value(first, "jimu_name") or role_value(first, "name") or spec.files[0]).strip()
    title = str(role_value(first, "name") or f"{spec.title_prefix}{jimu_name} {FORM_KIND_LABELS[first.form]}")
    jimu = Jimu.objects.filter(organization=organization, name=jimu_name).first()
    if jimu and Assessment.objects.filter(jimu=jimu, form=first.form).exists():
        return
    jimu = jimu or actions.create_jimu(organization, jimu_name, user=author)
    figure = _with_figure(documents) if spec.figure else None
    _with_versions(author, jimu, title, documents, spec.published, figure)
    report.created.append(f"評価書 {title}({len(documents)}版)")


def _with_figure(documents: list[Document]) -> bytes | None:
    """The flow diagram in the image item of every document (the same figure in each version, so
    the 改訂案 changes nothing there); its bytes, or None when the form has no image item."""
    data = demo_figure()
    ref = image_reference(FIGURE_FILE, data, FIGURE_CAPTION).to_data()
    for document in documents:
        items = image_items(get_form(document.form, document.edition))
        if not items:
            return None
        document.values[items[0].id] = [ref]
    return data


def _with_versions(
    author, jimu: Jimu, title: str, documents: list[Document], published: tuple[int, ...], figure: bytes | None
) -> Assessment:
    """One save per document, oldest first; a save listed in ``published`` is published before the
    next is saved (which then starts the 改訂案 revising it). ``figure``: the bytes its figures hold."""
    assessment = actions.create_assessment(jimu, documents[0].form, title, documents[0], user=author)
    if figure is not None:
        keep_figure(assessment, figure, FIGURE_FILE, author)
    for number, document in enumerate(documents, start=1):
        if number > 1:
            actions.save_version(assessment, document, number - 1, note="デモデータ", user=author)
        if number in published:
            procedure_actions.seed_status(assessment.versions.get(number=number), Status.PUBLISHED)
    return assessment


def _documents(spec: DemoAssessment, directory: Path, report: DemoReport) -> list[Document]:
    documents = []
    for name in spec.files:
        try:
            document = load_document(directory / name)
        except DocumentError as exc:
            report.skipped.append(str(exc))
            return []
        title = get_form(document.form, document.edition).item_for_role("name")
        if spec.title_prefix and title is not None and document.values.get(title.id):
            document.values[title.id] = spec.title_prefix + str(document.values[title.id])
        documents.append(document)
    return documents
