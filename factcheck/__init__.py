"""factcheck: a fact-consistency checker for Chinese news copy.

The pipeline, one module a stage: :mod:`reading` → :mod:`normalize` → :mod:`articles` →
:mod:`mentions` / :mod:`subject` / :mod:`context` (via :mod:`extract`) → :mod:`store`
(SQLite) or :mod:`store_pg` (PostgreSQL), chosen by :func:`stores.open_store` →
:mod:`match` → :mod:`check` → :mod:`report`. :mod:`api` is the library entry point.
"""
__version__ = "0.1.0"
