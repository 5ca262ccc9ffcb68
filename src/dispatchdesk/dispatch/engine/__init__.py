"""The dispatch engine: plain Python, no Django. Frozen facts in, ranked decisions out.

Live dispatch (dispatch.services) and the what-if simulator call the same functions, so a
rule that holds here holds in both.
"""
