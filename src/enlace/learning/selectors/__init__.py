"""Reads of the learning app, shared by pages and the API: records (curricula, assessments,
trainings, enrolments, attendance), responses and certificates, and the learning summary."""
