"""Detector parameters given by a user: validated by their typed model, with errors that name
the command-line option."""

from pydantic import BaseModel, ValidationError

from veille.errors import UsageError


def from_user(params_type: type[BaseModel], /, **values):
    """`params_type` from user input, where None means "not given, use the default"; a bad value is a
    UsageError with one clear sentence that names the option (`--min-count: ...`)."""
    try:
        return params_type(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        raise UsageError(f"--{where.replace('_', '-')}: {message}") from None
