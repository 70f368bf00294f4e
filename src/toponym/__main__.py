"""``python -m toponym`` runs the command-line interface."""

from toponym.cli import main

main()
