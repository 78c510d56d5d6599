"""``python -m factcheck``."""
from .entry import main

main()
