"""opendata-course: a static site generator for training courses."""

__version__ = "0.1.0"
