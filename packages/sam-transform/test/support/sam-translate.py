"""Runs samtranslator on one template, offline, for comparison tests.

stdin: {"template": {...}, "region": "us-east-1", "parameterValues": {...}}
stdout: {"template": {...}} or {"errors": ["Resource with id [X] is invalid. ..."]}

No network: managed policy names come from the map bundled with samtranslator, and the
caller-provided loader (which would list policies through IAM) returns an empty map.
"""
import json
import os
import sys

request = json.load(sys.stdin)
os.environ["AWS_DEFAULT_REGION"] = request.get("region", "us-east-1")

from samtranslator.model.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402


class OfflineManagedPolicyLoader:
    def load(self):
        return {}


try:
    output = transform(request["template"], request.get("parameterValues", {}), OfflineManagedPolicyLoader())
    json.dump({"template": output}, sys.stdout)
except InvalidDocumentException as error:
    json.dump({"errors": [cause.message for cause in error.causes]}, sys.stdout)
