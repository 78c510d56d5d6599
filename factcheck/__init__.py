"""factcheck: a fact-consistency checker for Chinese news copy.

The pipeline, one module a stage: :mod:`reading` → :mod:`normalize` → :mod:`articles` →
:mod:`mentions` / :mod:`subject` / :mod:`context` (via :mod:`extract`) → :mod:`store` →
:mod:`match` → :mod:`check` → :mod:`report`. :mod:`api` is the library entry point.
"""
__version__ = "0.1.0"

from .compiled import install_dataclass_cache as _install

_install()  # generated dataclass methods compiled once, not at every start (factcheck.compiled)
del _install
