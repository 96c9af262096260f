"""Makes the AWS calls `sam package` and `sam deploy --signing-profiles` make, in their order
and with their parameters (aws-sam-cli: samcli/lib/package/s3_uploader.py, code_signer.py,
packageable_resources.py, artifact_exporter.py, samcli/lib/deploy/deployer.py), with boto3
against an endpoint. Usage: sam-cli-calls.py ENDPOINT WORKDIR. Prints one JSON document:
{"calls": [{"service", "operation", "params", "outcome"}], "result": {...}} or, on the first
unexpected failure, the calls so far and {"error": ...}; exits 1 then.
"""

import hashlib
import json
import os
import sys
import time
import zipfile
from datetime import datetime, timezone

import boto3
import botocore.exceptions
from boto3.s3.transfer import TransferConfig, create_transfer_manager

ENDPOINT, WORKDIR = sys.argv[1], sys.argv[2]
BUCKET, PREFIX, STACK = "sam-artifacts", "sam-app", "sam-signed-app"
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
s3 = session.client("s3", endpoint_url=ENDPOINT)
signer = session.client("signer", endpoint_url=ENDPOINT)
cfn = session.client("cloudformation", endpoint_url=ENDPOINT)
calls = []


class Unexpected(Exception):
    pass


def call(service, operation, params, run, expect_error=None):
    """Runs one call, recording it; `expect_error` names an error code SAM CLI handles as an answer."""
    shown = {key: value for key, value in params.items() if key not in ("Body", "TemplateBody")}
    try:
        result = run()
    except botocore.exceptions.ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if expect_error is not None and expect_error(code, status, str(error)):
            calls.append({"service": service, "operation": operation, "params": shown, "outcome": f"expected error {code or status}"})
            return None
        calls.append({"service": service, "operation": operation, "params": shown, "outcome": f"FAILED {code} {status}: {error}"})
        raise Unexpected(f"{service} {operation}: {error}") from error
    calls.append({"service": service, "operation": operation, "params": shown, "outcome": "ok"})
    return result


def md5_of(path):
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def upload(path, extension):
    """S3Uploader.upload_with_dedup: HeadObject on <md5>.<ext>, then s3transfer with SSE AES256."""
    key = f"{PREFIX}/{md5_of(path)}.{extension}"
    exists = call("s3", "HeadObject", {"Bucket": BUCKET, "Key": key}, lambda: s3.head_object(Bucket=BUCKET, Key=key),
                  expect_error=lambda code, status, _: status == 404)
    if exists is not None:
        return f"s3://{BUCKET}/{key}"
    size = os.path.getsize(path)
    # s3transfer splits at TransferConfig's 8 MiB threshold: PutObject below, multipart above.
    operation = "CreateMultipartUpload+UploadPart+CompleteMultipartUpload" if size >= TransferConfig().multipart_threshold else "PutObject"
    manager = create_transfer_manager(s3, TransferConfig())
    call("s3", operation, {"Bucket": BUCKET, "Key": key, "ServerSideEncryption": "AES256", "Size": size},
         lambda: manager.upload(path, BUCKET, key, {"ServerSideEncryption": "AES256"}).result())
    manager.shutdown()
    return f"s3://{BUCKET}/{key}"


def sign(s3_url, profile_name, profile_owner):
    """CodeSigner.sign_package after S3Uploader.get_version_of_artifact."""
    key = s3_url[len(f"s3://{BUCKET}/"):]
    tagging = call("s3", "GetObjectTagging", {"Bucket": BUCKET, "Key": key}, lambda: s3.get_object_tagging(Bucket=BUCKET, Key=key))
    version = tagging["VersionId"]
    source = {"s3": {"bucketName": BUCKET, "key": key, "version": version}}
    destination = {"s3": {"bucketName": BUCKET, "prefix": key.rsplit("/", 1)[0] + "/signed_"}}
    params = {"source": source, "destination": destination, "profileName": profile_name}
    if profile_owner:
        params["profileOwner"] = profile_owner
    started = call("signer", "StartSigningJob", params, lambda: signer.start_signing_job(**params))
    job_id = started["jobId"]
    call("signer", "DescribeSigningJob (waiter successful_signing_job)", {"jobId": job_id},
         lambda: signer.get_waiter("successful_signing_job").wait(jobId=job_id, WaiterConfig={"Delay": 5}))
    job = call("signer", "DescribeSigningJob", {"jobId": job_id}, lambda: signer.describe_signing_job(jobId=job_id))
    if job.get("status") != "Succeeded":
        raise Unexpected(f"signing job {job_id} ended {job.get('status')}: {job.get('statusReason')}")
    return f"s3://{BUCKET}/{job['signedObject']['s3']['key']}", version


def path_style(url, version):
    """S3Uploader.to_path_style_s3_url for a TemplateURL."""
    key = url[len(f"s3://{BUCKET}/"):]
    result = f"{s3.meta.endpoint_url}/{BUCKET}/{key}"
    return f"{result}?versionId={version}" if version else result


def deploy(template_body, changeset_type):
    """Deployer.create_and_wait_for_changeset, execute_changeset and wait_for_execute."""
    if changeset_type == "UPDATE":
        call("cloudformation", "GetTemplateSummary", {"StackName": STACK}, lambda: cfn.get_template_summary(StackName=STACK))
    path = os.path.join(WORKDIR, f"packaged-{changeset_type.lower()}.template")
    with open(path, "w") as handle:
        handle.write(template_body)
    template_url = upload(path, "template")
    key = template_url[len(f"s3://{BUCKET}/"):]
    # The uploader returns no version; SAM's URL carries one only when parse_s3_url finds it.
    params = {
        # SAM names change sets by the second; deploys here follow each other within one, so count on.
        "ChangeSetName": f"samcli-deploy{int(time.time()) + len(calls)}",
        "StackName": STACK,
        "TemplateURL": path_style(template_url, None),
        "ChangeSetType": changeset_type,
        "Parameters": [],
        "Description": f"Created by SAM CLI at {datetime.now(timezone.utc).isoformat()} UTC",
        "Tags": [{"Key": "app", "Value": "signed"}],
        "Capabilities": ["CAPABILITY_IAM"],
    }
    created = call("cloudformation", "CreateChangeSet", params, lambda: cfn.create_change_set(**params))
    change_set_id = created["Id"]
    empty = {"value": False}

    def wait_for_change_set():
        try:
            cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=change_set_id, StackName=STACK, WaiterConfig={"Delay": 0.5})
        except botocore.exceptions.WaiterError as error:
            reason = error.last_response.get("StatusReason", "")
            if error.last_response.get("Status") == "FAILED" and "The submitted information didn't contain changes." in reason:
                empty["value"] = True
                return
            raise

    call("cloudformation", "DescribeChangeSet (waiter change_set_create_complete)", {"ChangeSetName": change_set_id, "StackName": STACK}, wait_for_change_set)
    if empty["value"]:
        return {"empty": True, "key": key}
    pages = call("cloudformation", "DescribeChangeSet (paginated)", {"ChangeSetName": change_set_id, "StackName": STACK},
                 lambda: list(cfn.get_paginator("describe_change_set").paginate(ChangeSetName=change_set_id, StackName=STACK)))
    changes = [change["ResourceChange"]["LogicalResourceId"] for page in pages for change in page.get("Changes", [])]
    marker = call("cloudformation", "DescribeStackEvents", {"StackName": STACK},
                  lambda: cfn.describe_stack_events(StackName=STACK)["StackEvents"][0]["Timestamp"])
    call("cloudformation", "ExecuteChangeSet", {"ChangeSetName": change_set_id, "StackName": STACK, "DisableRollback": False},
         lambda: cfn.execute_change_set(ChangeSetName=change_set_id, StackName=STACK, DisableRollback=False))

    def stream_events():
        # Deployer.describe_stack_events: pages of events until the stack's own event is final.
        for _ in range(600):
            for page in cfn.get_paginator("describe_stack_events").paginate(StackName=STACK):
                for event in page["StackEvents"]:
                    if event["Timestamp"] > marker and event["LogicalResourceId"] == STACK and event["PhysicalResourceId"] == event["StackId"] and \
                            event["ResourceStatus"].endswith(("_COMPLETE", "_FAILED")) and "IN_PROGRESS" not in event["ResourceStatus"]:
                        return event["ResourceStatus"]
            time.sleep(0.2)
        raise Unexpected("the stack never reached a final status")

    final = call("cloudformation", "DescribeStackEvents (paginated)", {"StackName": STACK}, stream_events)
    waiter = "stack_create_complete" if changeset_type == "CREATE" else "stack_update_complete"
    call("cloudformation", f"DescribeStacks (waiter {waiter})", {"StackName": STACK},
         lambda: cfn.get_waiter(waiter).wait(StackName=STACK, WaiterConfig={"Delay": 30, "MaxAttempts": 120}))
    stacks = call("cloudformation", "DescribeStacks", {"StackName": STACK}, lambda: cfn.describe_stacks(StackName=STACK))
    return {"empty": False, "changes": changes, "final": final, "outputs": stacks["Stacks"][0].get("Outputs", []), "key": key}


def make_zip(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def template(code_uri, layer_uri, marker):
    return json.dumps({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "HelloFunction": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"CodeUri": code_uri, "Handler": "index.handler", "Runtime": "nodejs20.x",
                               "Layers": [{"Ref": "DepsLayer"}], "Description": marker},
            },
            "DepsLayer": {"Type": "AWS::Serverless::LayerVersion", "Properties": {"ContentUri": layer_uri}},
        },
        "Outputs": {"FunctionArn": {"Value": {"Fn::GetAtt": ["HelloFunction", "Arn"]}}},
    }, indent=2)


def main():
    # What the user has before running SAM CLI: a versioned bucket and a signing profile.
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    profile = signer.put_signing_profile(profileName="SamProfile", platformId="AWSLambda-SHA384-ECDSA")

    function_zip = os.path.join(WORKDIR, "function.zip")
    make_zip(function_zip, {"index.js": "exports.handler = async () => 'signed by sam';\n"})
    # Over s3transfer's 8 MiB threshold (stored, incompressible) so the layer goes up in parts.
    layer_zip = os.path.join(WORKDIR, "layer.zip")
    with zipfile.ZipFile(layer_zip, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("nodejs/node_modules/blob/data.bin", os.urandom(9 * 1024 * 1024))

    # sam package --s3-bucket BUCKET --s3-prefix PREFIX --signing-profiles HelloFunction=SamProfile DepsLayer=SamProfile:000000000000
    function_url = upload(function_zip, "zip")
    signed_function, function_version = sign(function_url, "SamProfile", None)
    layer_url = upload(layer_zip, "zip")
    signed_layer, _ = sign(layer_url, "SamProfile", "000000000000")
    # sam package uploads again on a re-run only what is missing: HeadObject finds it.
    again = upload(function_zip, "zip")

    # sam deploy
    call("cloudformation", "DescribeStacks", {"StackName": STACK}, lambda: cfn.describe_stacks(StackName=STACK),
         expect_error=lambda code, status, text: f"Stack with id {STACK} does not exist" in text)
    created = deploy(template(signed_function, signed_layer, "v1"), "CREATE")
    # A second sam deploy of the same template: the change set is empty.
    call("cloudformation", "DescribeStacks", {"StackName": STACK}, lambda: cfn.describe_stacks(StackName=STACK))
    unchanged = deploy(template(signed_function, signed_layer, "v1"), "UPDATE")
    updated = deploy(template(signed_function, signed_layer, "v2"), "UPDATE")
    print(json.dumps({"calls": calls, "result": {
        "profileVersionArn": profile["profileVersionArn"],
        "signedFunction": signed_function, "signedLayer": signed_layer, "functionVersion": function_version,
        "reupload": again, "created": created, "unchanged": unchanged, "updated": updated,
    }}, default=str))


try:
    main()
except Exception as error:  # noqa: BLE001 - every failure is reported with the calls that led to it
    print(json.dumps({"calls": calls, "error": f"{type(error).__name__}: {error}"}, default=str))
    sys.exit(1)
