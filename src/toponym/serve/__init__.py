"""``toponym serve``: an OpenRefine reconciliation service (Reconciliation Service API 0.2) and a web
page with an offline map, over one gazetteer.

The modules, one responsibility each:

- ``vocabulary``: the service's entity types and query properties;
- ``queries``: reading a query batch; ``reconcile``: answering it; ``manifest``: the service manifest;
- ``suggest``: type-ahead for places, types and properties; ``extend``: data extension;
- ``admin``: a place's governorate and district as places, with P-codes;
- ``mapsvg``: the outlines and points as SVG; ``cards``: a place's preview card; ``article``: a text
  with its mentions highlighted and mapped (also ``toponym extract --html``); ``rows``: matches as the
  page's table rows; ``html``: whole documents with the stylesheet inline;
- ``service``: all of it over one gazetteer, without HTTP; ``app``: the Starlette application;
  ``errors``: ``RequestError``.

Only ``app`` needs the ``serve`` extra (Starlette); the renderers need nothing beyond toponym itself.
"""
