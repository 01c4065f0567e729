"""Readers: text and HTML in, a Document out."""
