/**
 * The runtime interface client for `python3.*` runtimes, run with the machine's `python3`:
 * imports `module.function` from `_HANDLER` (dotted packages allowed), passes Lambda's
 * `context`, reports init and handler errors in Lambda's shape (`errorMessage`, `errorType`,
 * `stackTrace`). Source text so it survives bundling; written to disk at start. Like the Node
 * client, it writes an end marker to stdout before each answer.
 */
export const PYTHON_RUNTIME_CLIENT = String.raw`
import http.client, importlib, json, os, resource, sys, time, traceback

host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
connection = http.client.HTTPConnection(host, int(port))
BASE = "/2018-06-01/runtime"
request_id = None


def call(method, path, body=None, headers=None):
    connection.request(method, BASE + path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response, response.read()


def peak_memory():
    # ru_maxrss is in kB on Linux: the cloud then need not read this process's /proc status.
    return {"Toolkit-Peak-Memory-Kb": str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}


def marker():
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout.write("\x1e" + (request_id or "init") + "\n")
    sys.stdout.flush()


def post_error(path, error, error_type=None):
    body = {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "requestId": request_id or "",
        "stackTrace": traceback.format_list(traceback.extract_tb(error.__traceback__)),
    }
    text = json.dumps(body)
    print("[ERROR] " + body["errorType"] + ": " + body["errorMessage"], flush=True)
    marker()
    call("POST", path, text, {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": body["errorType"], **peak_memory()})


class Context:
    def __init__(self, headers):
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
        self.invoked_function_arn = headers.getheader("Lambda-Runtime-Invoked-Function-Arn")
        self.memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
        self.aws_request_id = headers.getheader("Lambda-Runtime-Aws-Request-Id")
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        client_context = headers.getheader("Lambda-Runtime-Client-Context")
        identity = headers.getheader("Lambda-Runtime-Cognito-Identity")
        self.client_context = json.loads(client_context) if client_context else None
        self.identity = json.loads(identity) if identity else None
        self._deadline = int(headers.getheader("Lambda-Runtime-Deadline-Ms", "0"))

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline - int(time.time() * 1000))


def load_handler():
    spec = os.environ.get("_HANDLER", "")
    module_name, _, function_name = spec.rpartition(".")
    if not module_name or not function_name:
        raise_named("Runtime.MalformedHandlerName", "Bad handler '" + spec + "': not enough values to unpack (expected 2, got 1)")
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ModuleNotFoundError as error:
        raise_named("Runtime.ImportModuleError", "Unable to import module '" + module_name + "': " + str(error))
    except SyntaxError as error:
        raise_named("Runtime.UserCodeSyntaxError", "Syntax error in module '" + module_name + "': " + str(error))
    handler = getattr(module, function_name, None)
    if handler is None:
        raise_named("Runtime.HandlerNotFound", "Handler '" + function_name + "' missing on module '" + module_name + "'")
    return handler


class NamedError(Exception):
    pass


def raise_named(name, message):
    error = NamedError(message)
    error.error_type = name
    raise error


sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
try:
    handler = load_handler()
except Exception as error:
    post_error("/init/error", error, getattr(error, "error_type", None))
    sys.exit(1)

while True:
    response, raw = call("GET", "/invocation/next")
    request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
    try:
        event = json.loads(raw) if raw else {}
        result = handler(event, Context(response))
        body = json.dumps(result)
    except Exception as error:
        post_error("/invocation/" + request_id + "/error", error)
        continue
    marker()
    call("POST", "/invocation/" + request_id + "/response", body, {"Content-Type": "application/json", **peak_memory()})
`;
