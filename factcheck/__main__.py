"""``python -m factcheck``."""
from .client import main

main()
