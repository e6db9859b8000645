"""Filled 評価書 documents: model, YAML/JSON codecs, element paths and traversal."""

from pia.document.access import get_value, label_path, locate, set_value
from pia.document.codec import dumps_json, dumps_yaml, load_document, loads_json, loads_yaml, save_document
from pia.document.model import BODY_TYPES, Document, DocumentError
from pia.document.paths import ElementPath, PathError
from pia.document.roles import role_text, role_value
from pia.document.skeleton import new_document
from pia.document.walk import Occurrence, walk

__all__ = [
    "BODY_TYPES",
    "Document",
    "DocumentError",
    "ElementPath",
    "Occurrence",
    "PathError",
    "dumps_json",
    "dumps_yaml",
    "get_value",
    "label_path",
    "load_document",
    "loads_json",
    "loads_yaml",
    "locate",
    "new_document",
    "role_text",
    "role_value",
    "save_document",
    "set_value",
    "walk",
]
