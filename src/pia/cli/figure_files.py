"""The figure files beside a document file: written by ``pia import``, read by ``pia render`` and
``pia validate``.

A document references its figures by plain file names (``bessoe1-figure-1.png``,
``pia.document.images``); the CLI keeps them in the document's own folder, never outside it.
"""

from __future__ import annotations

from pathlib import Path

from pia.cli.errors import CliError
from pia.document.images import Attachments, figures_in, folder_attachments
from pia.document.model import Document
from pia.document.public import public_document
from pia.errors import PiaError
from pia.forms import get_form


def read_figures(document: Document, file: str | Path, *, public: bool = False) -> dict[str, bytes]:
    """The bytes of the figures ``document`` (read from ``file``) references, from its folder;
    CliError naming the files that are not there. ``public``: only the figures its public
    edition prints (a withheld figure is neither needed nor named). A document of an unknown
    edition has none to read (validation says what is wrong with it)."""
    try:
        template = get_form(document.form, document.edition)
    except PiaError:
        return {}
    if public:
        document = public_document(document, template)
    folder = Path(file).parent
    found = folder_attachments(document, folder, template)
    missing = list(dict.fromkeys(ref.file for _, _, ref in figures_in(document, template) if ref.sha256 not in found))
    if missing:
        names = "、".join(str(folder / name) for name in missing)
        raise CliError(f"評価書が参照する図のファイルが見つかりません: {names}(評価書と同じフォルダに置いてください)")
    return found


def check_figures(document: Document, attachments: Attachments, out: str | Path) -> list[tuple[Path, bytes]]:
    """The figure files to write beside ``out`` (name, bytes), in order; CliError when one
    would leave the folder or replace a different file already there."""
    template = get_form(document.form, document.edition)
    folder = Path(out).parent
    files: dict[Path, bytes] = {}
    for _, _, ref in figures_in(document, template):
        target = folder / ref.file
        if target.resolve().parent != folder.resolve() or Path(ref.file).name != ref.file:
            raise CliError(f"図のファイル名「{ref.file}」はフォルダの外を指すため書き出せません")
        data = attachments.get(ref.sha256)
        if data is None or target in files:
            continue
        if target.exists() and (not target.is_file() or target.read_bytes() != data):
            raise CliError(
                f"図のファイル {target} は既にあり、内容が異なります。上書きしないので、"
                "別のフォルダに取り込むか、そのファイルを移してください"
            )
        files[target] = data
    return list(files.items())


def write_figures(files: list[tuple[Path, bytes]]) -> None:
    for target, data in files:
        try:
            if not target.exists():
                target.write_bytes(data)
        except OSError as exc:
            raise CliError(f"図のファイル {target} に書き込めません: {exc.strerror}") from None
