// A TOKEN authorizer: `Bearer <name>` may call the stage's routes as <name>; `Bearer nobody` may not.
export const handler = async (event) => {
  const user = event.authorizationToken.slice('Bearer '.length);
  const stage = event.methodArn.split('/').slice(0, 2).join('/');
  return {
    principalId: user,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: user === 'nobody' ? 'Deny' : 'Allow', Resource: `${stage}/*` }],
    },
    context: { user },
  };
};
