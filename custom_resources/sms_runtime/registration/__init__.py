"""Registration support shared by synth-time checks, the lint and the registration custom resource.

The field definitions of each registration type live here once, as a snapshot of the API's own
``DescribeRegistrationFieldDefinitions`` answer, so that every caller validates against the same rules.
"""
