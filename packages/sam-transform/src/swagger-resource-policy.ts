import { isPyDict, plainDict, Py27Dict, py27Dict, pyString } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import {
  conditionalContents,
  invalidTemplate,
  truthy,
  validatePathItem,
  X_ANY_METHOD,
  type SwaggerEditor,
} from './swagger-editor.ts';
import { pyEqual } from './swagger-security.ts';

const POLICY = 'x-amazon-apigateway-policy';
const str = (text: string) => new PyStr(text);

/**
 * `SwaggerEditor.add_resource_policy`: account, IP range and VPC allow/deny statements for a path's methods.
 * `stage` is in the swagger model: a `PyStr` where samtranslator chose it, a template StageName as written.
 */
export function addResourcePolicy(
  editor: SwaggerEditor,
  policy: Py27Dict,
  path: string,
  stage: unknown,
  _partition: string,
): void {
  const resources = () => methodPathUris(editor, path, stage);
  const accountsAllowed = policy.get('AwsAccountWhitelist');
  const accountsDenied = policy.get('AwsAccountBlacklist');
  if (accountsAllowed !== undefined && accountsAllowed !== null)
    addIamStatement(editor, accountsAllowed, 'Allow', resources());
  if (accountsDenied !== undefined && accountsDenied !== null)
    addIamStatement(editor, accountsDenied, 'Deny', resources());
  const ipAllowed = policy.get('IpRangeWhitelist');
  const ipDenied = policy.get('IpRangeBlacklist');
  if (ipAllowed !== undefined && ipAllowed !== null) addIpStatements(editor, ipAllowed, 'NotIpAddress', resources());
  if (ipDenied !== undefined && ipDenied !== null) addIpStatements(editor, ipDenied, 'IpAddress', resources());
  const vpcDenied = policy.get('SourceVpcBlacklist');
  if (!allStrings(vpcDenied))
    throw invalidTemplate(
      'SourceVpcBlacklist must be a list of strings. Use IntrinsicVpcBlacklist instead for values that use Intrinsic Functions',
    );
  const list = resources();
  addVpcStatements(
    editor,
    vpcDenied,
    policy.get('IntrinsicVpcBlacklist'),
    policy.get('IntrinsicVpceBlacklist'),
    'StringEquals',
    list,
  );
  const vpcAllowed = policy.get('SourceVpcWhitelist');
  if (!allStrings(vpcAllowed))
    throw invalidTemplate(
      'SourceVpcWhitelist must be a list of strings. Use IntrinsicVpcWhitelist instead for values that use Intrinsic Functions',
    );
  addVpcStatements(
    editor,
    vpcAllowed,
    policy.get('IntrinsicVpcWhitelist'),
    policy.get('IntrinsicVpceWhitelist'),
    'StringNotEquals',
    list,
  );
  editor.doc.set(str(POLICY), editor.resourcePolicy);
}

/** `add_custom_statements`: the policy's CustomStatements, each once. */
export function addCustomStatements(editor: SwaggerEditor, custom: unknown): void {
  if (custom !== undefined && custom !== null) {
    const policy = editor.resourcePolicy;
    policy.set(str('Version'), str('2012-10-17'));
    if (policy.get('Statement') === undefined || policy.get('Statement') === null) policy.set(str('Statement'), custom);
    else {
      const statements = asList(policy.get('Statement'));
      for (const statement of Array.isArray(custom) ? custom : [custom])
        if (!statements.some((existing) => pyEqual(existing, statement))) statements.push(statement);
      policy.set(str('Statement'), statements);
    }
  }
  editor.doc.set(str(POLICY), editor.resourcePolicy);
}

function allStrings(list: unknown): boolean {
  return list === undefined || list === null || (Array.isArray(list) && list.every((item) => typeof item === 'string'));
}

function asList(statement: unknown): unknown[] {
  return Array.isArray(statement) ? statement : [statement];
}

/** `execute-api:/${__Stage__}/METHOD/path` for every method of the path (trailing slash and greedy parts as `*`). */
function methodPathUris(editor: SwaggerEditor, path: string, stage: unknown): unknown[] {
  const methods: string[] = [];
  for (const item of conditionalContents(editor.paths.get(path))) {
    validatePathItem(item, path);
    methods.push(...item.keys());
  }
  const wildcarded = path.replace(/{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)}/g, '*');
  return methods.map((m) => {
    const method = m.toLowerCase() === X_ANY_METHOD || m.toLowerCase() === 'any' ? '*' : m.toUpperCase();
    const resource = `execute-api:/\${__Stage__}/${method}${wildcarded}`;
    return plainDict([[str('Fn::Sub'), [resource, plainDict([[str('__Stage__'), stage]])]]]);
  });
}

function appendStatements(editor: SwaggerEditor, statements: Py27Dict[], single: boolean): void {
  const policy = editor.resourcePolicy;
  policy.set(str('Version'), str('2012-10-17'));
  const existing = policy.get('Statement');
  if (existing === undefined || existing === null) {
    policy.set(str('Statement'), single ? statements[0] : statements);
    return;
  }
  const list = asList(existing);
  if (single) list.push(...statements);
  else for (const statement of statements) if (!list.some((item) => pyEqual(item, statement))) list.push(statement);
  policy.set(str('Statement'), list);
}

function statement(effect: string, resources: unknown[], principal: unknown): Py27Dict {
  return py27Dict([
    ['Effect', str(effect)],
    ['Action', str('execute-api:Invoke')],
    ['Resource', resources],
    ['Principal', principal],
  ]);
}

function addIamStatement(editor: SwaggerEditor, accounts: unknown, effect: string, resources: unknown[]): void {
  if (!truthy(accounts)) return;
  if (!isPyDict(accounts) && !Array.isArray(accounts))
    throw invalidTemplate(`Type of '${pyString(accounts) ?? String(accounts)}' must be a list or dictionary`);
  const principal = py27Dict([['AWS', Array.isArray(accounts) ? accounts : [accounts]]]);
  appendStatements(editor, [statement(effect, resources, principal)], true);
}

function addIpStatements(editor: SwaggerEditor, ips: unknown, conditional: string, resources: unknown[]): void {
  if (!truthy(ips)) return;
  const deny = statement('Deny', resources, str('*'));
  const condition = plainDict([[str('aws:SourceIp'), Array.isArray(ips) ? ips : [ips]]]);
  deny.set(str('Condition'), plainDict([[str(conditional), condition]]));
  appendStatements(editor, [statement('Allow', resources, str('*')), deny], false);
}

function addVpcStatements(
  editor: SwaggerEditor,
  endpoints: unknown,
  intrinsicVpcs: unknown,
  intrinsicVpces: unknown,
  conditional: string,
  resources: unknown[],
): void {
  const condition = new Py27Dict();
  const extend = (key: string, items: unknown[]) => {
    (condition.setDefault(str(key), []) as unknown[]).push(...items);
  };
  if (Array.isArray(endpoints)) {
    const vpcs = endpoints.filter((e) => typeof e === 'string' && e.startsWith('vpc-'));
    const vpces = endpoints.filter((e) => typeof e === 'string' && e.startsWith('vpce-'));
    if (vpcs.length > 0) extend('aws:SourceVpc', vpcs);
    if (vpces.length > 0) extend('aws:SourceVpce', vpces);
  }
  if (intrinsicVpcs !== undefined && intrinsicVpcs !== null) extend('aws:SourceVpc', asList(intrinsicVpcs));
  if (intrinsicVpces !== undefined && intrinsicVpces !== null) extend('aws:SourceVpce', asList(intrinsicVpces));
  if (!truthy(condition.get('aws:SourceVpc')) && !truthy(condition.get('aws:SourceVpce'))) return;
  const deny = statement('Deny', resources, str('*'));
  deny.set(str('Condition'), plainDict([[str(conditional), condition]]));
  appendStatements(editor, [statement('Allow', resources, str('*')), deny], false);
}
