/** Custom resource handlers for the tests, as inline `Code.ZipFile` sources. */

// A handler in the style of AWS's cfn-response module: it answers by PUTting JSON to the
// presigned ResponseURL (http, as the local endpoint is). Each request it gets is appended to
// the file named by RECORD before it answers, so the test sees what CloudFormation sent.
export const NODE_HANDLER = `
const http = require('http');
const fs = require('fs');
function send(event, context, status, data, physicalId, reason) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason || 'See the details in CloudWatch Log Stream: ' + context.logStreamName,
    PhysicalResourceId: physicalId || context.logStreamName,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  return new Promise((resolve, reject) => {
    const request = http.request(event.ResponseURL, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, (response) => { response.resume(); response.on('end', () => resolve(response.statusCode)); });
    request.on('error', reject);
    request.end(body);
  });
}
exports.handler = async (event, context) => {
  const props = event.ResourceProperties;
  // Recorded before answering: once the answer is in, CloudFormation moves on.
  fs.appendFileSync(process.env.RECORD, JSON.stringify({ event }) + '\\n');
  if (props.Mode === 'silent') return;
  let physicalId = event.PhysicalResourceId;
  if (event.RequestType === 'Create' || props.NewId === 'true') physicalId = 'thing-' + props.Name;
  const failing = props.Mode === 'fail' && event.RequestType !== 'Delete';
  await send(event, context, failing ? 'FAILED' : 'SUCCESS', { Greeting: 'hello ' + props.Name }, physicalId,
    failing ? 'the thing is broken' : undefined);
};
`;

export const PYTHON_HANDLER = `
import json, os, urllib.request
def handler(event, context):
    with open(os.environ['RECORD'], 'a') as record:
        record.write(json.dumps({'event': event}) + '\\n')
    body = json.dumps({'Status': 'SUCCESS', 'PhysicalResourceId': 'py-' + event['ResourceProperties']['Name'],
        'StackId': event['StackId'], 'RequestId': event['RequestId'],
        'LogicalResourceId': event['LogicalResourceId'], 'Data': {'Upper': event['ResourceProperties']['Name'].upper()},
        'NoEcho': event['ResourceProperties'].get('Secret') == 'true'}).encode()
    request = urllib.request.Request(event['ResponseURL'], data=body, method='PUT', headers={'content-type': ''})
    urllib.request.urlopen(request).close()
`;
