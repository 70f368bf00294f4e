"""Building packs: the importers (``sources``), merging their records (``merge``), the pack file
(``pack``), the whole build (``pipeline.build_pack``) and fetching the upstream files (``fetch``).

Nothing is imported here: opening a pack (``toponym.packs.pack``) must not pay for the importers.
"""
