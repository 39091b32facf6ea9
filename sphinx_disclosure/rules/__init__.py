"""Consistency rules: the catalogue as data (:mod:`.catalogue`), the engine (:mod:`.engine`)."""

from .catalogue import LEVELS, SEVERITIES, Rule, catalogue

__all__ = ['LEVELS', 'SEVERITIES', 'Rule', 'catalogue']
