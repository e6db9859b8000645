"""The walk of a document as a tree: each occurrence with the occurrences printed inside it.

``pia.document.walk`` yields occurrences in printed order; the depth of an occurrence is
its number of form ancestors plus the repeat elements it lies in, so a stack rebuilds the
nesting without relying on element ids being unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pia.document.model import Document
from pia.document.walk import Occurrence, walk
from pia.forms.model import FormTemplate


@dataclass
class Node:
    occ: Occurrence
    children: list[Node] = field(default_factory=list)


def occurrence_tree(document: Document, template: FormTemplate) -> list[Node]:
    """The top-level occurrences (cover, Ⅰ, Ⅱ …), each holding what is printed inside it."""
    roots: list[Node] = []
    stack: list[tuple[int, Node]] = []
    for occ in walk(document, template):
        depth = len(template.ancestors(occ.item.id)) + len(occ.path.selectors)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        node = Node(occ)
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((depth, node))
    return roots
