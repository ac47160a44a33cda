"""Child-process helpers for the robustness tests (concurrency and crash tests).

Each module here runs as ``python -m tests.harness.<name>`` in a process of its
own, with the project's real settings (``rekisteri.config.settings``) and a data
directory of its own, so that several OS processes share one database exactly as
web workers and management commands do in production.
"""
