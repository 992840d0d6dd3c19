"""Presentation: findings, reports, diagrams, the wegwijzer, comparisons as text.

The last stage before the CLI; nothing below imports it.
"""
