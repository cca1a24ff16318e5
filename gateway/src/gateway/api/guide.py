"""The integrator guide at /docs/guide: auth flow, sandbox datasets, webhooks, beside the API reference.

Written in Markdown (gateway/src/gateway/integrator-guide.md, linked from docs/ so it reads on the
repository too) and rendered once to HTML with markdown-it-py (CommonMark, tables; raw HTML in the
source is not passed through). The page loads the docs' style sheet only (the bar atop every docs
page, servicekit.docs), its links are paths on this server, and it carries the docs'
Content-Security-Policy.
"""

import html
from functools import cache
from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markdown_it import MarkdownIt

from servicekit.docs import ASSETS_PATH, DOCS_PATH, DocsLink, docs_html, docs_nav, root_path

GUIDE_PATH = f"{DOCS_PATH}/guide"
GUIDE_SOURCE = "integrator-guide.md"
TITLE = "Dentalink integrator guide"

router = APIRouter(include_in_schema=False)

_STYLE = """
body { font-family: sans-serif; line-height: 1.5; color: #1b1b1b; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
code, pre { font-family: monospace; background: #f2f4f7; border-radius: 3px; }
code { padding: 0 3px; }
pre { padding: 0.75rem; overflow-x: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid #c8ced6; padding: 4px 8px; text-align: left; vertical-align: top; }
"""


@cache
def guide_body() -> str:
    """The guide's Markdown as HTML (rendered once per process)."""
    source = files("gateway").joinpath(GUIDE_SOURCE).read_text(encoding="utf-8")
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    rendered: str = renderer.render(source)
    return rendered


def guide_page(root: str) -> str:
    """The whole page; `root` is the prefix a proxy mounted the gateway under ('' at the root)."""
    body = guide_body()
    if root:  # the guide's links are paths from the gateway's root
        body = body.replace('href="/', f'href="{html.escape(root)}/')
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE}</title>
<link rel="stylesheet" href="{html.escape(root + ASSETS_PATH)}/docs.css">
<style>{_STYLE}</style>
</head>
<body>
{docs_nav(root, (DocsLink("API reference", DOCS_PATH),))}
<main>
{body}</main>
</body>
</html>
"""


@router.get(GUIDE_PATH)
async def guide(request: Request) -> HTMLResponse:
    return docs_html(guide_page(root_path(request)))
