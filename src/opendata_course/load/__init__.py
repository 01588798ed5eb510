"""Files to values: a project's content/ read into a model.Course, with
every problem located. See project.py for the order of reading."""
