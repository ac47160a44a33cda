"""rekisteri: the personal-data register system of a small business."""

__version__ = "0.1.0"
