"""The project's one vocabulary: every fact about the inspections that more than one place needs.

Grades and their words, frameworks and their rounds, judgement areas and how documents name them, the
comparison rules, and the colours and symbols they are drawn in. The ETL, the queries, the charts, the
widgets and the pages all import from here (it imports nothing of theirs), so a fact is changed once.
"""
