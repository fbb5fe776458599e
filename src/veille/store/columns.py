"""Python columns as a SELECT, for the short tables of a command-line run.

Registering an Arrow table is the quickest way to hand DuckDB many rows, but importing pyarrow
costs a command like `veille detect` a tenth of its run; its few thousand rows are bound as list
parameters instead and unnested side by side (DuckDB unnests lists of one SELECT in step).
"""


def select_columns(columns: dict[str, tuple[str, list]]) -> tuple[str, dict[str, list]]:
    """`SELECT` of `columns` (name -> (SQL type, values), every list the same length) and its
    parameters. The type makes an empty column typed, and fixes what Python values become."""
    select = ", ".join(f"unnest(${name}::{sql_type}[]) AS {name}" for name, (sql_type, _) in columns.items())
    return f"SELECT {select}", {name: values for name, (_, values) in columns.items()}
