"""The name index: every reading of every name, filed under block keys (``names``), and how alike two
readings are (``similarity``). Stored in packs, it serves lookup and extraction alike."""
