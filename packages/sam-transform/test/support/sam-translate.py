"""Runs samtranslator on templates, offline, for comparison tests.

argv[1]: the region (samtranslator reads it once per process, so one process serves one region)
stdin: a list of {"template": {...}, "parameterValues": {...}}
stdout: a list, one per request, of {"template": {...}} or {"errors": ["Resource with id [X] is invalid. ..."]}

One process translates a region's templates: importing samtranslator costs seconds, translating
milliseconds.

No network: managed policy names come from the map bundled with samtranslator, and the
caller-provided loader (which would list policies through IAM) returns an empty map.
"""
import json
import os
import sys

os.environ["AWS_DEFAULT_REGION"] = sys.argv[1]
requests = json.load(sys.stdin)

from samtranslator.model.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402


class OfflineManagedPolicyLoader:
    def load(self):
        return {}


def translate(request):
    try:
        output = transform(request["template"], request.get("parameterValues", {}), OfflineManagedPolicyLoader())
        return {"template": output}
    except InvalidDocumentException as error:
        return {"errors": [cause.message for cause in error.causes]}


json.dump([translate(request) for request in requests], sys.stdout)
