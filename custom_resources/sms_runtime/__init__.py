"""Runtime side of the package: code that runs inside Lambda (custom resources, tracking).

Everything here uses the standard library and boto3 only, because this folder is the Lambda asset.
The CDK side imports the same modules for synth-time checks, so each rule has one implementation.
"""
