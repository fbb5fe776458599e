"""`/docs`: the API description as a page of our own (every route, its method, parameters and
the permission it needs), from the same OpenAPI document as `/openapi.json`."""

from fastapi import APIRouter, Request

from veille.web.pages import render

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def docs(request: Request):
    schema = request.app.openapi()
    operations = []
    for path, methods in sorted(schema.get("paths", {}).items()):
        for method, op in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tags": op.get("tags", []),
                "parameters": [p.get("name") for p in op.get("parameters", [])],
            })
    return render(request, "docs.html", {"operations": operations, "info": schema.get("info", {})})
