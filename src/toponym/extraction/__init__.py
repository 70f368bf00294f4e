"""Place mentions in running text: detection (``spans``), then resolution in document context (``context``).

The public entry point is :func:`toponym.extract.extract` (and ``Gazetteer.extract``).
"""
