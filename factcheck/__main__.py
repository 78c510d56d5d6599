"""``python -m factcheck``."""
from .cli import main

main()
