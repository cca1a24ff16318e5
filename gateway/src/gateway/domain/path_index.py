"""Path templates looked up by their leading literal segments: a request is matched against the few
templates of its resource (`/v1/identities/…`) instead of every template the API has, in the
templates' own order (first match wins where it did)."""

from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")
ROOT_SEGMENTS = 2  # `/v1/identities`: the version and the resource


def _root(path: str) -> tuple[str, ...]:
    return tuple(path.split("/")[1 : ROOT_SEGMENTS + 1])


class PathIndex(Generic[T]):
    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        numbered = list(enumerate(entries))
        # A template with a placeholder among its leading segments may match any request.
        anywhere = [(n, item) for n, (template, item) in numbered if "{" in "".join(_root(template))]
        roots = {_root(template) for _, (template, _) in numbered if "{" not in "".join(_root(template))}
        self._anywhere = tuple(item for _, item in anywhere)
        self._by_root: dict[tuple[str, ...], tuple[T, ...]] = {}
        for root in roots:
            mine = [(n, item) for n, (template, item) in numbered if _root(template) == root]
            self._by_root[root] = tuple(item for _, item in sorted(mine + anywhere, key=lambda e: e[0]))

    def candidates(self, path: str) -> tuple[T, ...]:
        """The items whose template may match `path`, in their original order."""
        return self._by_root.get(_root(path), self._anywhere)
