"""Keep pytest out of this folder: these are benchmarks, not tests.

``python3 benchmarks/run.py`` runs them; see README.md.
"""

collect_ignore_glob = ["*"]
