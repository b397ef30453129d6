"""Reads the warehouse migrations the way the Java runner does (see warehouse/README.md).

Statement splitting rule: a statement ends at a line whose last non-blank character is ';'
(the ';' is dropped), unless the line is a '--' comment line. Chunks holding only blank and
comment lines are not statements. A ';' at the end of a line inside a string literal is not
supported. Migration files are named V<NNN>__<name>.sql and applied in ascending NNN.
"""
import hashlib
import re
from pathlib import Path

MIGRATION_NAME = re.compile(r"^V(\d{3,})__(\w+)\.sql$")


def split_statements(text):
    statements, current = [], []
    for line in text.splitlines():
        current.append(line)
        stripped = line.rstrip()
        if stripped.endswith(";") and not stripped.lstrip().startswith("--"):
            current[-1] = stripped[:-1]
            _keep_if_statement(statements, current)
            current = []
    _keep_if_statement(statements, current)
    return statements


def _keep_if_statement(statements, lines):
    code = [l for l in lines if l.strip() and not l.lstrip().startswith("--")]
    if code:
        statements.append("\n".join(lines).strip())


def migrations(directory):
    """(version, name, path, sha256) of every migration file, in version order."""
    found = []
    for path in Path(directory).iterdir():
        match = MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path, checksum(path)))
        elif path.suffix == ".sql":
            raise ValueError(f"migration file name not of the form V<NNN>__<name>.sql: {path.name}")
    versions = [m[0] for m in found]
    if len(versions) != len(set(versions)):
        raise ValueError(f"two migration files share a version in {directory}")
    return sorted(found)


def checksum(path):
    """SHA-256 hex of the file's bytes with CRLF normalised to LF."""
    return hashlib.sha256(Path(path).read_bytes().replace(b"\r\n", b"\n")).hexdigest()
