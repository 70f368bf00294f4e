"""Every way toponym folds a name: Unicode and Arabic-script folding (``arabic``), the exact key
(``normalize``), the matching keys at every level (``keys``), and the word lists they use, kept as
data files in ``words/`` (``lexicon``)."""
