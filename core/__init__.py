"""The kernel every app may use and that imports no app: the page layout, its stylesheet, and formatting."""
