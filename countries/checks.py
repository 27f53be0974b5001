"""``manage.py check`` (and every start-up) refuses a map whose shapes cannot be read: a
deploy that lost or truncated ``map_data/shapes.json`` fails there, not as a 500 on the
countries page."""

from django.core import checks

from countries import shapes as map_shapes


@checks.register()
def map_shapes_readable(app_configs, **kwargs):
    try:
        found = map_shapes.shapes()
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [
            checks.Error(
                f"The map's shapes cannot be read from {map_shapes.SHAPES_FILE}: {error}",
                hint="Restore the file from the repository (countries/map_data/README.md).",
                id="countries.E001",
            )
        ]
    if not found:
        return [checks.Error(f"{map_shapes.SHAPES_FILE} holds no shapes", id="countries.E002")]
    return []
