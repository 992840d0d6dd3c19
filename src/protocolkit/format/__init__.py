"""The protocol format: vocabulary, model, YAML loader, references, dump, JSON Schema.

The first stage of the pipeline; it imports nothing from the stages above it.
"""
