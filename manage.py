#!/usr/bin/env python
"""Django's manage.py; the same as the ``rekisteri`` console command."""

from rekisteri.cli import main

if __name__ == "__main__":
    main()
