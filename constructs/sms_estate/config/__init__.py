"""Environment config: YAML file -> schema check -> semantic checks -> typed model.

``load_environment`` is the only entry point the rest of the package uses. Every problem in a file is
collected and raised together as a :class:`sms_estate.errors.ConfigError` before any construct is
built, so a bad config never produces a partial app.
"""

from sms_estate.config.loader import CONFIG_DIR, list_environments, load_environment
from sms_estate.config.model import Environment

__all__ = ["CONFIG_DIR", "Environment", "list_environments", "load_environment"]
