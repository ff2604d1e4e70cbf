"""CDK side of the package: config loading, constructs, stacks and the command line.

Lives in ``constructs/sms_estate`` so that the top-level ``constructs/`` folder the design card asks
for never becomes a package that shadows the ``constructs`` library.
"""

from sms_estate.yaml_app.node_runtime import use_bundled_node

use_bundled_node()
