"""Baclofen patient assistant: answers only with verbatim quotes from the baclofen monograph.

The pipeline, one way: knowledge → text/retrieval → safety → reply composition → interfaces.
"""

__version__ = "0.1.0"
