"""Operation ids generators turn into method names: `<resource>.<action>`, short and stable.

A route names its operation explicitly (`operation_id="identities.create"`); one that does not (the
operators' `/health`, `/ready`) gets `<first tag>.<function name>` in the same camelCase shape,
never FastAPI's default (`create_v1_identities_post`), which changes whenever a path does.
"""

import re

from fastapi.routing import APIRoute

_WORD = re.compile(r"[A-Za-z0-9]+")


def camel(text: str) -> str:
    """`care sheets` / `tele-expertise` / `add_line` → `careSheets` / `teleExpertise` / `addLine`."""
    words: list[str] = _WORD.findall(text)
    if not words:
        return ""
    return words[0][:1].lower() + words[0][1:] + "".join(word[:1].upper() + word[1:] for word in words[1:])


def operation_id(route: APIRoute) -> str:
    """FastAPI's `generate_unique_id_function`: the route's own id, else `<tag>.<name>`."""
    if route.operation_id:
        return str(route.operation_id)
    resource = camel(str(route.tags[0])) if route.tags else "operations"
    return f"{resource}.{camel(route.name)}"
