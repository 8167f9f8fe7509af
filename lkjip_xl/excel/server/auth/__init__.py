"""Authentication providers of the LKjIP server (xlwings Server imports ``auth.<provider>`` from the project)."""
