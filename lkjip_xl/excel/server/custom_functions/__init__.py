"""No custom functions: xlwings Server requires the package to exist."""
