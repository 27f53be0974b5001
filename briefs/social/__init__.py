"""The social card of every public brief, drawn by a background task before anyone asks
(``tasks``); the drawing itself is ``briefs.images.cards``."""
