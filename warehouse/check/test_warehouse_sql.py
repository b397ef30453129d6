import pytest

from warehouse_sql import checksum, migrations, split_statements
from conftest import MIGRATIONS_DIR


def test_statements_end_at_a_semicolon_at_line_end():
    text = "CREATE TABLE a (x String);\n\nSELECT ';' AS s,\n 1 ;  \n-- trailing comment;\nSELECT 2"
    assert split_statements(text) == ["CREATE TABLE a (x String)", "SELECT ';' AS s,\n 1", "-- trailing comment;\nSELECT 2"]


def test_comment_only_chunks_are_not_statements():
    assert split_statements("-- V1: header;\n-- more\n\n") == []


def test_migrations_are_ordered_by_version_and_named_strictly(tmp_path):
    for name in ["V010__ten.sql", "V002__two.sql", "V001__one.sql"]:
        (tmp_path / name).write_text("SELECT 1;\n")
    assert [m[1] for m in migrations(tmp_path)] == ["one", "two", "ten"]
    (tmp_path / "2__bad.sql").write_text("SELECT 1;\n")
    with pytest.raises(ValueError, match="2__bad.sql"):
        migrations(tmp_path)


def test_checksum_ignores_line_ending_style_but_not_content(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    a.write_bytes(b"SELECT 1;\n")
    b.write_bytes(b"SELECT 1;\r\n")
    c.write_bytes(b"SELECT 2;\n")
    assert checksum(a) == checksum(b) != checksum(c)
    assert len(checksum(a)) == 64


def test_repository_migrations_are_numbered_from_v001_without_gaps():
    versions = [m[0] for m in migrations(MIGRATIONS_DIR)]
    assert len(versions) >= 9
    assert versions == list(range(1, len(versions) + 1))


def test_no_cloud_only_engine_in_any_migration():
    for _v, _n, path, _s in migrations(MIGRATIONS_DIR):
        text = "\n".join(line for statement in split_statements(path.read_text())
                         for line in statement.splitlines() if not line.lstrip().startswith("--"))
        assert "SharedReplacingMergeTree" not in text and "SharedMergeTree" not in text, path.name
        assert "now64" not in text or path.name == "V002__raw_tables.sql", path.name
