"""The README documents every command and every option (datasette's habit: an undocumented
setting is a failing test)."""

from pathlib import Path

import pytest

from veille.cli import cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme(name):
    assert f"veille {name}" in README


@pytest.mark.parametrize("name,option", sorted(
    (name, opt) for name, command in cli.commands.items() for param in command.params
    for opt in param.opts if opt.startswith("--") and opt not in ("--help",)
))
def test_every_option_is_in_the_readme(name, option):
    assert option in README, f"veille {name} {option} is not documented in README.md"


def test_every_input_format_is_in_the_readme():
    from veille.app import Veille

    for item in Veille.formats():
        assert f"| `{item['name']}` |" in README
