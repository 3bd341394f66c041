"""The built-in resume parser plugin: pdfminer.six text -> contract section 7 resume_data."""
