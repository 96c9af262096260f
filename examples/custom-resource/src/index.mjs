// A custom resource handler answering as AWS's cfn-response module does: a JSON PUT to the
// presigned ResponseURL. The local cloud's URL is http, AWS's https: pick the module by scheme.
import http from 'node:http';
import https from 'node:https';

function respond(event, context, status, data, physicalResourceId, reason) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason ?? `See the details in CloudWatch Log Stream: ${context.logStreamName}`,
    PhysicalResourceId: physicalResourceId ?? context.logStreamName,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  const client = event.ResponseURL.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      event.ResponseURL,
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', resolve);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export const handler = async (event, context) => {
  console.log(`${event.RequestType} ${event.LogicalResourceId}`);
  try {
    const { Salutation, Name } = event.ResourceProperties;
    // The id names what the resource stands for: a new name is a new resource (a replacement).
    const id = event.RequestType === 'Delete' ? event.PhysicalResourceId : `greeting-${Name}`;
    await respond(event, context, 'SUCCESS', { Message: `${Salutation}, ${Name}!` }, id);
  } catch (error) {
    await respond(event, context, 'FAILED', {}, event.PhysicalResourceId, String(error));
  }
};
