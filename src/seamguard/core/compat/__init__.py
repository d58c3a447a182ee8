"""The compatibility engine: classify every change between two schema versions.

Pure: schemas come in as parsed JSON values, changes go out as frozen values. The catalog of
rules (one module each under :mod:`seamguard.core.compat.rules`) says what each change breaks.
"""
