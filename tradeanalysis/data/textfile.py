"""Read the text files of a release (CSV, YAML) so that every defect is a `FiguresError` naming
the file and the line: not a regular file, too big, not UTF-8, a YAML syntax error (line 1
included), an impossible date, a key given twice. A UTF-8 byte-order mark, as Excel writes it,
is accepted and dropped.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import yaml

from tradeanalysis.data.errors import FiguresError

MAX_FILE_BYTES = 4_000_000  # a release's files are a few kilobytes; anything this big is wrong
BOM = "\ufeff"


def file_bytes(path: Path) -> bytes | None:
    """The bytes of a regular file (at most MAX_FILE_BYTES + 1), or None when it is missing or
    not a regular file; never blocks on a pipe."""
    try:
        return _read_regular(path)
    except OSError:
        return None


def _read_regular(path: Path) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of a regular file; OSError (ENOENT, or EINVAL for a
    folder, pipe or device) otherwise. Opened without blocking, checked before reading."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES and (chunk := os.read(fd, 1 << 20)):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path) -> str:
    """The text of a regular UTF-8 file (its byte-order mark dropped); FiguresError otherwise.

    Only regular files are opened (a pipe or device in a release folder would block a read)."""
    path = Path(path)
    try:
        data = _read_regular(path)
    except FileNotFoundError:
        raise FiguresError(path, "file is missing", "add the file") from None
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            raise FiguresError(
                path, "is not a regular file", "replace it with a plain text file"
            ) from None
        raise FiguresError(path, f"cannot be read ({exc.strerror})", "make it readable") from None
    if len(data) > MAX_FILE_BYTES:
        raise FiguresError(
            path, f"is larger than {MAX_FILE_BYTES:,} bytes", "keep a release's files small"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FiguresError(
            path,
            f"byte {data[exc.start]:#04x} is not UTF-8",
            "save the file as UTF-8",
            line=line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FiguresError(path, "holds a NUL character", "save it as plain text", line=line)
    return text[1:] if text.startswith(BOM) else text


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present
    """YAML's safe loader that refuses impossible dates and keys given twice, with their line."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a date ({exc})", node.start_mark
            ) from None

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: the safe loader says so itself
                break
            if repeated:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark
                )
        return super().construct_mapping(node, deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def load_yaml(path: Path, fix: str = "correct the YAML syntax"):
    """The YAML document in `path`; FiguresError naming the line of any error."""
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        raise FiguresError(path, f"is not valid YAML: {problem}", fix, line=line) from None
    except RecursionError:
        raise FiguresError(path, "is nested too deeply", fix) from None
