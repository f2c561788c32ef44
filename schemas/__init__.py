"""The shape of vinex data: typed records, DuckDB migrations and the JSON Schema of
extraction output. Imports nothing from the rest of the project."""
from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"
FACTS_SCHEMA_PATH = Path(__file__).parent / "facts.schema.json"
