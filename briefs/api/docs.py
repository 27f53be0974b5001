"""The API's docs page, read from its OpenAPI schema: the operations and the shapes of
their answers, as plain values a template lays out. The schema is the one source, so the
page cannot fall behind the API."""

from briefs.content.addresses import absolute_url

# An address worth trying for each operation in the page's curl examples.
EXAMPLES = {
    "/api/v1/briefs/": "/api/v1/briefs/?limit=5",
    "/api/v1/briefs/{slug}/": None,  # filled with a real brief by the reader
}


def type_of(schema):
    """A short, readable type for a JSON schema: ``string``, ``integer or null``, ``Term[]``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_of(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"{type_of(schema.get('items', {}))}[]"
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"{{name: {type_of(schema['additionalProperties'])}}}"
    kind = schema.get("type", "any")
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _limits(schema):
    """The bounds of a parameter, in words ("at least 1, at most 100, default 20")."""
    for option in schema.get("anyOf", []):  # an optional value: its bounds are the type's
        schema = {**option, **{k: v for k, v in schema.items() if k != "anyOf"}}
    parts = []
    for key, word in (("minimum", "at least"), ("maximum", "at most"), ("maxLength", "up to")):
        if key in schema:
            parts.append(f"{word} {schema[key]}" + (" characters" if key == "maxLength" else ""))
    if schema.get("default") is not None:
        parts.append(f"default {schema['default']}")
    return ", ".join(parts)


def operations(schema, request):
    """Each operation: method, path, summary, description, parameters, answers, example."""
    found = []
    for address, methods in schema["paths"].items():
        for method, operation in methods.items():
            example = EXAMPLES.get(address, address)
            found.append(
                {
                    "method": method.upper(),
                    "path": address,
                    "anchor": operation["operationId"],
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": type_of(parameter.get("schema", {})),
                            "limits": _limits(parameter.get("schema", {})),
                            "description": parameter.get("description", "")
                            or parameter.get("schema", {}).get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "answers": [
                        {
                            "status": status,
                            "type": type_of(
                                answer.get("content", {})
                                .get("application/json", {})
                                .get("schema", {})
                            ),
                        }
                        for status, answer in operation.get("responses", {}).items()
                    ],
                    "example": example and absolute_url(example, request),
                }
            )
    return found


def shapes(schema):
    """Each component schema: its name and fields (name, type, required, description)."""
    return [
        {
            "name": name,
            "fields": [
                {
                    "name": field,
                    "type": type_of(spec),
                    "required": field in shape.get("required", []),
                    "description": spec.get("description", ""),
                }
                for field, spec in shape.get("properties", {}).items()
            ],
        }
        for name, shape in schema.get("components", {}).get("schemas", {}).items()
    ]
