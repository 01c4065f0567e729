"""Detectors that find leaked page code (CSS, scripts) inside plain text."""

from tablefix.detect.css import find_css_and_script

__all__ = ["find_css_and_script"]
