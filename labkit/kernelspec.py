"""The Jupyter kernel every course notebook names, shared by the CLI, the demo view and the grader.

It imports nothing of labkit's, so any layer can use it.

Examples
--------
>>> KERNELSPEC["name"]
'python3'
"""

__all__ = ["KERNELSPEC"]

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
