"""mentor-tui: a terminal guide for structured mentoring sessions."""

__version__ = "0.1.0"
