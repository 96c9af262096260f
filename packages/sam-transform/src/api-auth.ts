import { apiAuthorizers, authorizerSwagger } from './api-authorizers.ts';
import { openApiPostprocess, type OpenApiTarget } from './api-openapi.ts';
import { isPyDict, py27Dict, pyString, toPlainJson, type Py27Dict } from './py27-dict.ts';
import { SamResourceError } from './sam-resource-error.ts';
import type { SamScope } from './sam-scope.ts';
import {
  invalidTemplate,
  templateProblem,
  isValidSwagger,
  pythonStr,
  SwaggerEditor,
  truthy,
} from './swagger-editor.ts';
import { addCustomStatements, addResourcePolicy } from './swagger-resource-policy.ts';
import {
  addApiKeySecurityDefinition,
  setPathDefaultApiKeyRequired,
  setPathDefaultAuthorizer,
} from './swagger-security.ts';

const AUTH_PROPERTIES = [
  'Authorizers',
  'DefaultAuthorizer',
  'InvokeRole',
  'AddDefaultAuthorizerToCorsPreflight',
  'AddApiKeyRequiredToCorsPreflight',
  'ApiKeyRequired',
  'ResourcePolicy',
  'UsagePlan',
];

/** The Api's `Auth` read as samtranslator's AuthProperties (defaults included). */
function authProperty(auth: Py27Dict, name: string): unknown {
  if (auth.has(name)) return auth.get(name);
  return name === 'AddDefaultAuthorizerToCorsPreflight' || name === 'AddApiKeyRequiredToCorsPreflight'
    ? true
    : undefined;
}

/** `ApiGenerator._add_auth`: authorizers, the default authorizer, API key requirement and resource policy. */
export function addApiAuth(
  apiId: string,
  auth: unknown,
  body: unknown,
  stageName: unknown,
  openApi: OpenApiTarget,
  scope: SamScope,
): unknown {
  if (!truthy(auth)) return body;
  if (!truthy(body))
    throw new SamResourceError(apiId, "Auth works only with inline Swagger specified in 'DefinitionBody' property.");
  if (!isPyDict(auth) || !auth.keys().every((key) => AUTH_PROPERTIES.includes(key)))
    throw new SamResourceError(apiId, "Invalid value for 'Auth' property");
  if (!isValidSwagger(body))
    throw new SamResourceError(
      apiId,
      "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
    );
  const editor = new SwaggerEditor(body);
  const defaultAuthorizer = authProperty(auth, 'DefaultAuthorizer');
  const authorizers = apiAuthorizers(apiId, authProperty(auth, 'Authorizers'), defaultAuthorizer);
  if (authorizers !== undefined && authorizers.size > 0) {
    if (!truthy(editor.securityDefinitions)) editor.securityDefinitions = py27Dict();
    if (!isPyDict(editor.securityDefinitions)) throw templateProblem('securityDefinitions must be a dictionary.');
    for (const authorizer of authorizers.values())
      editor.securityDefinitions.set(authorizer.name, authorizerSwagger(authorizer, scope.partition));
    if (truthy(defaultAuthorizer)) {
      if (pyString(defaultAuthorizer) === undefined)
        throw new SamResourceError(apiId, 'DefaultAuthorizer is not a string.');
      const name = pythonStr(defaultAuthorizer);
      if (!authorizers.has(name) && name !== 'AWS_IAM')
        throw new SamResourceError(
          apiId,
          `Unable to set DefaultAuthorizer because '${name}' was not defined in 'Authorizers'.`,
        );
      const scopes = new Map([...authorizers].map(([key, a]) => [key, { authorizationScopes: a.authorizationScopes }]));
      for (const path of editor.paths.keys())
        setPathDefaultAuthorizer(
          editor,
          path,
          defaultAuthorizer as string,
          [...authorizers.keys()],
          scopes,
          truthy(authProperty(auth, 'AddDefaultAuthorizerToCorsPreflight')),
        );
    }
  }
  if (truthy(authProperty(auth, 'ApiKeyRequired'))) {
    addApiKeySecurityDefinition(editor);
    for (const path of editor.paths.keys())
      setPathDefaultApiKeyRequired(editor, path, truthy(authProperty(auth, 'AddApiKeyRequiredToCorsPreflight')));
  }
  const policy = authProperty(auth, 'ResourcePolicy');
  if (truthy(policy)) {
    if (!isPyDict(policy)) throw invalidTemplate('ResourcePolicy must be a map (ResourcePolicyStatement).');
    for (const path of editor.paths.keys()) addResourcePolicy(editor, policy, path, stageName, scope.partition);
    if (truthy(policy.get('CustomStatements'))) addCustomStatements(editor, policy.get('CustomStatements'));
  }
  return openApiPostprocess(editor.swagger, openApi);
}

/** The Lambda permissions that let API Gateway call each Lambda authorizer (unless DisableFunctionDefaultPermissions). */
export function authorizerPermissions(
  apiId: string,
  auth: unknown,
  attributes: Record<string, unknown>,
  partition: string,
): Record<string, Record<string, unknown>> {
  if (!truthy(auth) || !isPyDict(auth)) return {};
  const authorizers = apiAuthorizers(apiId, authProperty(auth, 'Authorizers'));
  const permissions: Record<string, Record<string, unknown>> = {};
  for (const [name, authorizer] of authorizers ?? []) {
    if (!truthy(authorizer.functionArn) || truthy(authorizer.disableFunctionDefaultPermissions)) continue;
    permissions[`${apiId}${name}AuthorizerPermission`] = {
      Type: 'AWS::Lambda::Permission',
      ...attributes,
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: toPlainJson(authorizer.functionArn),
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Sub': [
            `arn:${partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/authorizers/*`,
            { __ApiId__: { Ref: apiId } },
          ],
        },
      },
    };
  }
  return permissions;
}
