"""One module per group of commands; annotator/cli.py maps command names to them."""
