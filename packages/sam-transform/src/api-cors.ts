import { isPyDict, isPyIntrinsic, plainDict, Py27Dict, py27Dict } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';
import {
  conditionalContents,
  isValidSwagger,
  pythonStr,
  SwaggerEditor,
  truthy,
  validatePathItem,
  X_ANY_METHOD,
  X_INTEGRATION,
} from './swagger-editor.ts';

const CORS_PROPERTIES = ['AllowMethods', 'AllowHeaders', 'AllowOrigin', 'MaxAge', 'AllowCredentials'];
const ALL_HTTP_METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'];
const WILDCARD = "'*'";
const str = (text: string) => new PyStr(text);

interface Cors {
  allowOrigin: unknown;
  allowHeaders: unknown;
  allowMethods: unknown;
  maxAge: unknown;
  allowCredentials: unknown;
}

/** `ApiGenerator._add_cors`: an OPTIONS method answering the CORS preflight on every path that has none. */
export function addCors(apiId: string, cors: unknown, body: unknown): unknown {
  if (!truthy(cors)) return body;
  if (!truthy(body))
    throw new SamResourceError(apiId, "Cors works only with inline Swagger specified in 'DefinitionBody' property.");
  let properties: Cors;
  if (typeof cors === 'string' || isPyIntrinsic(cors)) properties = corsOf(new Py27Dict(true, [['AllowOrigin', cors]]));
  else if (isPyDict(cors)) {
    for (const key of cors.keys())
      if (!CORS_PROPERTIES.includes(key))
        throw new SamResourceError(apiId, `Invalid key '${key}' for 'Cors' property.`);
    properties = corsOf(cors);
  } else throw new SamResourceError(apiId, "Invalid value for 'Cors' property");
  if (!isValidSwagger(body))
    throw new SamResourceError(
      apiId,
      "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
    );
  if (properties.allowCredentials === true && pythonStr(properties.allowOrigin) === WILDCARD)
    throw new SamResourceError(
      apiId,
      `Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is "'*'" or not set`,
    );
  const editor = new SwaggerEditor(body);
  const done = new Set<string>();
  for (const path of editor.paths.keys()) {
    // API Gateway treats /path and /path/ as one resource: one OPTIONS method for both.
    const normalized = path !== '/' ? path.replace(/\/+$/, '') : path;
    if (done.has(normalized)) continue;
    done.add(normalized);
    addPathCors(apiId, editor, path, properties);
  }
  return editor.swagger;
}

function corsOf(cors: Py27Dict): Cors {
  return {
    allowOrigin: cors.has('AllowOrigin') ? cors.get('AllowOrigin') : str(WILDCARD),
    allowHeaders: cors.get('AllowHeaders'),
    allowMethods: cors.get('AllowMethods'),
    maxAge: cors.get('MaxAge'),
    allowCredentials: cors.has('AllowCredentials') ? cors.get('AllowCredentials') : false,
  };
}

/** `SwaggerEditor.add_cors` for one path. */
function addPathCors(apiId: string, editor: SwaggerEditor, path: string, cors: Cors): void {
  for (const item of conditionalContents(editor.paths.get(path))) {
    validatePathItem(item, path);
    if (item.has('options')) continue;
    if (!truthy(cors.allowOrigin))
      throw new SamResourceError(
        apiId,
        'Structure of the SAM template is invalid. Invalid input. Value for AllowedOrigins is required',
      );
    let methods = cors.allowMethods;
    if (!truthy(methods)) methods = str(`'${allowedMethods(item)}'`);
    const credentials = cors.allowCredentials === true;
    item.set(str('options'), optionsMethod(cors.allowOrigin, cors.allowHeaders, methods, cors.maxAge, credentials));
  }
}

/** Every method of the path (all of them for ANY) and OPTIONS, upper-cased, sorted, comma-separated. */
function allowedMethods(item: Py27Dict): string {
  const methods = item.keys();
  const all = methods.includes(X_ANY_METHOD) ? ALL_HTTP_METHODS : [...methods, 'options'];
  return [...new Set(all.map((m) => m.toUpperCase()))].sort().join(',');
}

const headerKey = (name: string) => `method.response.header.${name}`;

/** `_options_method_response_for_cors`: a mock integration returning the CORS headers. */
function optionsMethod(
  origin: unknown,
  headers: unknown,
  methods: unknown,
  maxAge: unknown,
  credentials: boolean,
): Py27Dict {
  const parameters = py27Dict([[headerKey('Access-Control-Allow-Origin'), origin]]);
  const typed = (type: string) => plainDict([[str('type'), str(type)]]);
  const responseHeaders = py27Dict([['Access-Control-Allow-Origin', typed('string')]]);
  if (truthy(headers)) {
    parameters.set(str(headerKey('Access-Control-Allow-Headers')), headers);
    responseHeaders.set(str('Access-Control-Allow-Headers'), typed('string'));
  }
  if (truthy(methods)) {
    parameters.set(str(headerKey('Access-Control-Allow-Methods')), methods);
    responseHeaders.set(str('Access-Control-Allow-Methods'), typed('string'));
  }
  if (maxAge !== undefined && maxAge !== null) {
    parameters.set(str(headerKey('Access-Control-Max-Age')), maxAge);
    responseHeaders.set(str('Access-Control-Max-Age'), typed('integer'));
  }
  if (credentials) {
    parameters.set(str(headerKey('Access-Control-Allow-Credentials')), str("'true'"));
    responseHeaders.set(str('Access-Control-Allow-Credentials'), typed('string'));
  }
  const json = (text: string) => plainDict([[str('application/json'), str(text)]]);
  const integration = py27Dict([
    ['type', str('mock')],
    ['requestTemplates', json('{\n  "statusCode" : 200\n}\n')],
    [
      'responses',
      py27Dict([
        [
          'default',
          py27Dict([
            ['statusCode', str('200')],
            ['responseParameters', parameters],
            ['responseTemplates', json('{}\n')],
          ]),
        ],
      ]),
    ],
  ]);
  return py27Dict([
    ['summary', str('CORS support')],
    ['consumes', [str('application/json')]],
    ['produces', [str('application/json')]],
    [X_INTEGRATION, integration],
    [
      'responses',
      py27Dict([
        [
          '200',
          py27Dict([
            ['description', str('Default response for CORS method')],
            ['headers', responseHeaders],
          ]),
        ],
      ]),
    ],
  ]);
}
