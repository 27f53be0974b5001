"""The PDF of every public brief: WeasyPrint (``engine``), the files and their records
(``copies``), and the background task that makes them (``tasks``)."""
