"""Find the translatable strings of daihoi without GNU gettext (not on every machine):
Python sources through their syntax tree, templates through Django's own templatize (the
step makemessages feeds to xgettext). Used by test_i18n to prove every string has English."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # the daihoi package folder
SINGULAR = {"gettext", "gettext_lazy", "gettext_noop", "_", "_lazy"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
SKIPPED_PARTS = {"tests", "migrations", "static", "locale", "__pycache__"}


@dataclass(frozen=True, order=True)
class Message:
    msgid: str
    msgid_plural: str = ""
    msgctxt: str = ""


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _from_call(name: str, args: list[ast.expr]) -> Message | None:
    texts = [_text(a) for a in args]
    if name in SINGULAR and texts[:1] and texts[0] is not None:
        return Message(texts[0])
    if name in PLURAL and len(texts) >= 2 and None not in texts[:2]:
        return Message(texts[0], texts[1])  # type: ignore[arg-type]
    if name in CONTEXT and len(texts) >= 2 and None not in texts[:2]:
        return Message(texts[1], "", texts[0])  # type: ignore[arg-type]
    if name in CONTEXT_PLURAL and len(texts) >= 3 and None not in texts[:3]:
        return Message(texts[1], texts[2], texts[0])  # type: ignore[arg-type]
    return None


def messages_in_python(source: str) -> set[Message]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and (message := _from_call(_name(node.func), node.args)):
            found.add(message)
    return found


_LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_CALL = re.compile(rf"\b(n?p?gettext)\(\s*({_LITERAL}(?:\s*,\s*{_LITERAL})*)")


def messages_in_template(source: str) -> set[Message]:
    from django.utils.translation.template import templatize

    found = set()
    for name, args in _CALL.findall(templatize(source)):
        texts = [ast.literal_eval(lit) for lit in re.findall(_LITERAL, args)]
        call_args: list[ast.expr] = [ast.Constant(t) for t in texts]
        if message := _from_call(name, call_args):
            found.add(message)
    return found


def source_files(root: Path = PACKAGE) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        if SKIPPED_PARTS & set(path.relative_to(root).parts):
            continue
        if path.suffix == ".py" or (path.suffix in {".html", ".txt"} and "templates" in path.parts):
            files.append(path)
    return files


def all_messages(root: Path = PACKAGE) -> dict[Message, list[str]]:
    """Every translatable string, with the files it appears in."""
    found: dict[Message, list[str]] = {}
    for path in source_files(root):
        text = path.read_text(encoding="utf-8")
        messages = messages_in_python(text) if path.suffix == ".py" else messages_in_template(text)
        for message in messages:
            found.setdefault(message, []).append(str(path.relative_to(root.parent)))
    return found
