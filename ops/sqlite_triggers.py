"""Migration steps that keep SQLite's triggers through a table rebuild.

SQLite cannot alter most of a column in place: Django rebuilds the table and renames the
copy into place, and the rename fails while a trigger (on any table) reads the old one,
while the rebuilt table loses its own. A migration that rebuilds a table wraps its
operations in ``RunPython(set_triggers_aside, put_triggers_back)`` and the reverse pair
(``briefs`` 0023 onwards, ``countries`` 0004). On other databases they do nothing.
"""

_saved = []


def set_triggers_aside(apps, schema_editor):
    """Keep and drop every trigger."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        _saved[:] = cursor.fetchall()
    for name, _sql in _saved:
        schema_editor.execute(f'DROP TRIGGER "{name}"', params=None)


def put_triggers_back(apps, schema_editor):
    """Create again the triggers ``set_triggers_aside`` kept."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for _name, sql in _saved:
        schema_editor.execute(sql, params=None)
    _saved.clear()
