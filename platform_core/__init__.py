"""The platform every app and plugin stands on: the API object, auth, errors, pagination, tasks."""
