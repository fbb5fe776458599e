"""`python -m veille` and the `veille` command.

The command's script only imports this small module: a process that ingest starts with `spawn`
runs the script of its parent again as its main module, and one that imported the whole CLI
(click, DuckDB, the facade) spent 0.12 s of CPU on it before its first chunk."""


def main() -> None:
    from veille.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
