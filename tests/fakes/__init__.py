"""In-process fakes of the AWS APIs our custom resources call, served behind real boto3 clients."""
