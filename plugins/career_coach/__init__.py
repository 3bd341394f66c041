"""The built-in career coach: the candidate's coach, questions about a resume, the generated
"about" and the employer's insight; offline from the candidate's own data, or through the LLM
gateway when a model is configured."""

__version__ = "1.0.0"
