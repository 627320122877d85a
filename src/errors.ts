/**
 * The one error tree of qwak-batch. Every error the SDK throws is a {@link QwakBatchError}, grouped by where
 * the failure happened:
 *
 * ```
 * QwakBatchError
 * ├── ConfigError                      invalid configuration (every problem at once, each naming its field)
 * ├── UsageError                       an SDK call made with arguments that cannot work
 * ├── MissingDependencyError           an optional peer dependency is not installed
 * ├── AbortError                       the caller's AbortSignal fired
 * ├── ApiError                         the platform API
 * │   ├── APIStatusError               an HTTP answer with an error status (one subclass per status)
 * │   ├── APIConnectionError           no answer: network failure
 * │   │   └── APITimeoutError          no answer in time
 * │   ├── APIResponseError             an answer that is not what the wire contract says
 * │   ├── ExecutionStartError          the platform answered `success: false`
 * │   │   └── DuplicateExecutionError  … because an identical execution is running
 * │   ├── OperationRefusedError        another operation answered `success: false`
 * │   └── ExecutionFailedError         an execution ended FAILED, CANCELLED or TIMEOUT
 * ├── StorageError                     a storage adapter (URI and operation named)
 * │   ├── StorageNotFoundError
 * │   └── StorageAccessDeniedError
 * ├── FormatError                      decoding or encoding a file (file, row, column, offset where known)
 * ├── PredictorError                   the model's predict function threw or returned a wrong shape
 * ├── TaskError                        one task (one file) failed
 * │   └── TaskTimeoutError             … by passing its file timeout
 * └── JobError                         the whole run failed
 *     └── JobTimeoutError              … by passing its job timeout
 * ```
 *
 * Each class carries a `Symbol.for` marker so that `isInstance()` works across two installed copies of the
 * package. Secrets never reach a message or an enumerable field of these objects.
 *
 * @module
 */

const MARKER = Symbol.for('qwak-batch.error');

type ErrorOptions = { cause?: unknown };

function markerFor(name: string): symbol {
  return Symbol.for(`qwak-batch.error.${name}`);
}

/** The root of every error thrown by qwak-batch. */
export class QwakBatchError extends Error {
  /** A stable, machine-readable code, e.g. `CONFIG_INVALID`. */
  readonly code: string;

  constructor(message: string, options: ErrorOptions & { code?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'QWAK_BATCH_ERROR';
    for (
      let proto = new.target.prototype;
      proto && proto !== Error.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      const ctor = proto.constructor as { name: string };
      Object.defineProperty(this, markerFor(ctor.name), { value: true, enumerable: false });
    }
    Object.defineProperty(this, MARKER, { value: true, enumerable: false });
  }

  /**
   * True when `value` is an instance of this class, also when it was thrown by another installed copy of
   * qwak-batch (where `instanceof` would say false).
   */
  static isInstance<T extends QwakBatchError>(
    this: (abstract new (...args: never[]) => T) & { readonly name: string },
    value: unknown,
  ): value is T {
    return (
      typeof value === 'object' &&
      value !== null &&
      // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on
      (value as Record<symbol, unknown>)[markerFor(this.name)] === true
    );
  }
}

/** One problem found in a configuration. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `execution.modelId` or `resources.memory`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** For a config read from a file: the 1-based line of the offending key or value, when known. */
  readonly line?: number | undefined;
  /** For a config read from a file: the 1-based column of the offending key or value, when known. */
  readonly column?: number | undefined;
}

/** A configuration is invalid. `issues` lists every problem at once; the message shows them all. */
export class ConfigError extends QwakBatchError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options: ErrorOptions & { subject?: string } = {}) {
    const subject = options.subject ?? 'configuration';
    const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`);
    super(
      `Invalid ${subject} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      { ...options, code: 'CONFIG_INVALID' },
    );
    this.issues = issues;
  }
}

/** An SDK call was made with arguments that cannot work (e.g. a plain `http://` URL to a remote host). */
export class UsageError extends QwakBatchError {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, code: 'USAGE' });
  }
}

/** An optional peer dependency is needed for what was asked and is not installed. */
export class MissingDependencyError extends QwakBatchError {
  /** The npm package to install; several, separated by spaces, when more than one is missing. */
  readonly packageName: string;

  constructor(packageName: string | readonly string[], purpose: string, options: ErrorOptions = {}) {
    const names = typeof packageName === 'string' ? [packageName] : packageName;
    const quoted = names.map((name) => `"${name}"`).join(' and ');
    super(
      names.length === 1
        ? `${purpose} needs the package ${quoted}: install it with \`npm install ${names[0]}\``
        : `${purpose} needs the packages ${quoted}: install them with \`npm install ${names.join(' ')}\``,
      { ...options, code: 'MISSING_DEPENDENCY' },
    );
    this.packageName = names.join(' ');
  }
}

/** The caller's `AbortSignal` fired. `cause` holds the signal's reason. */
export class AbortError extends QwakBatchError {
  constructor(message = 'The operation was aborted', options: ErrorOptions = {}) {
    super(message, { ...options, code: 'ABORTED' });
  }
}

// ─── API ────────────────────────────────────────────────────────────────────────────────────────────────

/** A failure talking to the platform API. */
export class ApiError extends QwakBatchError {
  /** HTTP method or gRPC method name of the failed call. */
  readonly method: string | undefined;
  /** URL of the failed call (never with credentials). */
  readonly url: string | undefined;

  constructor(
    message: string,
    options: ErrorOptions & { code?: string; method?: string | undefined; url?: string | undefined } = {},
  ) {
    super(message, { cause: options.cause, code: options.code ?? 'API_ERROR' });
    this.method = options.method;
    this.url = options.url;
  }
}

/** Fields of an {@link APIStatusError}. */
export interface APIStatusErrorInit extends ErrorOptions {
  method: string;
  url: string;
  status: number;
  /** Response headers (never request headers: those hold the token). */
  headers?: Record<string, string>;
  /** The body as text, cut to a few KB. */
  body?: string;
  /** The platform's explanation, when the body carried one. */
  detail?: string;
}

/** The platform answered with an HTTP error status. One subclass per common status. */
export class APIStatusError extends ApiError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** The request id the server gave, if any (`x-request-id`). */
  readonly requestId: string | undefined;

  constructor(init: APIStatusErrorInit) {
    const detail = init.detail ? `: ${init.detail}` : '';
    super(`${init.method} ${init.url} failed with HTTP ${init.status}${detail}`, {
      cause: init.cause,
      code: `HTTP_${init.status}`,
      method: init.method,
      url: init.url,
    });
    this.status = init.status;
    this.headers = init.headers ?? {};
    this.body = init.body;
    this.requestId = this.headers['x-request-id'];
  }

  /** Builds the subclass that matches `init.status`. */
  static from(init: APIStatusErrorInit): APIStatusError {
    const Ctor = STATUS_CLASSES[init.status] ?? (init.status >= 500 ? InternalServerError : APIStatusError);
    return new Ctor(init);
  }
}
/** HTTP 400. */
export class BadRequestError extends APIStatusError {}
/** HTTP 401: the token is missing, expired or wrong. */
export class AuthenticationError extends APIStatusError {}
/** HTTP 403. */
export class PermissionDeniedError extends APIStatusError {}
/** HTTP 404. */
export class NotFoundError extends APIStatusError {}
/** HTTP 409. */
export class ConflictError extends APIStatusError {}
/** HTTP 422. */
export class UnprocessableEntityError extends APIStatusError {}
/** HTTP 429, after the retries ran out. */
export class RateLimitError extends APIStatusError {}
/** HTTP 5xx, after the retries ran out. */
export class InternalServerError extends APIStatusError {}

const STATUS_CLASSES: Record<number, new (init: APIStatusErrorInit) => APIStatusError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** No answer from the platform: the connection failed or was reset. */
export class APIConnectionError extends ApiError {
  constructor(
    message: string,
    options: ErrorOptions & { method?: string; url?: string; code?: string } = {},
  ) {
    super(message, { ...options, code: options.code ?? 'API_CONNECTION' });
  }
}

/** No answer from the platform within the per-attempt timeout. */
export class APITimeoutError extends APIConnectionError {
  constructor(message: string, options: ErrorOptions & { method?: string; url?: string } = {}) {
    super(message, { ...options, code: 'API_TIMEOUT' });
  }
}

/** The platform answered, but not with what the wire contract says (malformed JSON, missing fields). */
export class APIResponseError extends ApiError {
  constructor(message: string, options: ErrorOptions & { method?: string; url?: string } = {}) {
    super(message, { ...options, code: 'API_BAD_RESPONSE' });
  }
}

/** The platform refused to start an execution (`success: false`); `failureMessage` is its reason. */
export class ExecutionStartError extends ApiError {
  readonly failureMessage: string;

  constructor(
    failureMessage: string,
    options: ErrorOptions & { method?: string; url?: string; code?: string } = {},
  ) {
    super(`The platform refused to start the execution: ${failureMessage || '(no reason given)'}`, {
      ...options,
      code: options.code ?? 'EXECUTION_START_REFUSED',
    });
    this.failureMessage = failureMessage;
  }

  /** Builds a {@link DuplicateExecutionError} when the reason says an identical execution is running. */
  static from(failureMessage: string, options: ErrorOptions & { method?: string; url?: string } = {}) {
    return isDuplicateMessage(failureMessage)
      ? new DuplicateExecutionError(failureMessage, options)
      : new ExecutionStartError(failureMessage, options);
  }
}

/**
 * The platform refused to start an execution because one with the same model id, build id, source and
 * destination bucket and folder is already running.
 */
export class DuplicateExecutionError extends ExecutionStartError {
  constructor(failureMessage: string, options: ErrorOptions & { method?: string; url?: string } = {}) {
    super(failureMessage, { ...options, code: 'EXECUTION_DUPLICATE' });
  }
}

/** The platform refused an operation other than a start (`success: false`); `failureMessage` is its reason. */
export class OperationRefusedError extends ApiError {
  readonly failureMessage: string;

  constructor(
    operation: string,
    failureMessage: string,
    options: ErrorOptions & { method?: string; url?: string } = {},
  ) {
    super(`The platform refused to ${operation}: ${failureMessage || '(no reason given)'}`, {
      ...options,
      code: 'OPERATION_REFUSED',
    });
    this.failureMessage = failureMessage;
  }
}

function isDuplicateMessage(message: string): boolean {
  return /already (running|exists|in progress)|duplicate|identical|same (parameters|configuration)/i.test(
    message,
  );
}

/** An execution ended in FAILED, CANCELLED or TIMEOUT. `reportLines` holds the platform's report. */
export class ExecutionFailedError extends ApiError {
  readonly executionId: string;
  /** The final normalized status: `failed`, `cancelled` or `timeout`. */
  readonly status: string;
  readonly reportLines: readonly string[];

  constructor(
    executionId: string,
    status: string,
    reportLines: readonly string[],
    options: ErrorOptions = {},
  ) {
    const tail = reportLines.length ? `\n${reportLines.slice(-10).join('\n')}` : '';
    super(`Execution ${executionId} ended with status ${status}${tail}`, {
      ...options,
      code: 'EXECUTION_FAILED',
    });
    this.executionId = executionId;
    this.status = status;
    this.reportLines = reportLines;
  }
}

// ─── storage ───────────────────────────────────────────────────────────────────────────────────────────

/** The operations a storage adapter performs, named in {@link StorageError}. */
export type StorageOperation =
  | 'list'
  | 'read'
  | 'write'
  | 'delete'
  | 'exists'
  | 'stat'
  | 'connect'
  | 'parse-uri';

/** A storage operation failed. Names the URI and the operation; `cause` holds the SDK's error. */
export class StorageError extends QwakBatchError {
  readonly uri: string;
  readonly operation: StorageOperation;

  constructor(
    operation: StorageOperation,
    uri: string,
    reason: string,
    options: ErrorOptions & { code?: string } = {},
  ) {
    super(`Storage ${operation} failed for ${uri}: ${reason}`, {
      cause: options.cause,
      code: options.code ?? 'STORAGE_ERROR',
    });
    this.uri = uri;
    this.operation = operation;
  }
}

/** The bucket, folder or object does not exist. */
export class StorageNotFoundError extends StorageError {
  constructor(operation: StorageOperation, uri: string, reason = 'not found', options: ErrorOptions = {}) {
    super(operation, uri, reason, { ...options, code: 'STORAGE_NOT_FOUND' });
  }
}

/** The credentials in use may not do this. */
export class StorageAccessDeniedError extends StorageError {
  constructor(
    operation: StorageOperation,
    uri: string,
    reason = 'access denied',
    options: ErrorOptions = {},
  ) {
    super(operation, uri, reason, { ...options, code: 'STORAGE_ACCESS_DENIED' });
  }
}

// ─── formats ───────────────────────────────────────────────────────────────────────────────────────────

/** Where in a file a format problem was found. */
export interface FormatLocation {
  /** The file (URI or name) being decoded or encoded. */
  file?: string | undefined;
  /** 1-based data row (header excluded). */
  row?: number | undefined;
  /** 1-based line of a text file (CSV), header included; differs from `row + 1` where quoted fields span lines. */
  line?: number | undefined;
  /** Column name or 1-based index. */
  column?: string | number | undefined;
  /** Byte offset in the file. */
  offset?: number | undefined;
}

/** A file could not be decoded or a table could not be encoded. */
export class FormatError extends QwakBatchError {
  /** `csv`, `parquet` or `feather`. */
  readonly format: string;
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly line: number | undefined;
  readonly column: string | number | undefined;
  readonly offset: number | undefined;

  constructor(format: string, reason: string, location: FormatLocation = {}, options: ErrorOptions = {}) {
    const where = [
      location.file,
      location.row !== undefined ? `row ${location.row}` : undefined,
      location.line !== undefined ? `line ${location.line}` : undefined,
      location.column !== undefined ? `column ${location.column}` : undefined,
      location.offset !== undefined ? `byte ${location.offset}` : undefined,
    ].filter(Boolean);
    super(`${format.toUpperCase()} ${where.length ? `${where.join(', ')}: ` : ''}${reason}`, {
      ...options,
      code: 'FORMAT_ERROR',
    });
    this.format = format;
    this.file = location.file;
    this.row = location.row;
    this.line = location.line;
    this.column = location.column;
    this.offset = location.offset;
  }

  /** A copy of this error that names `file` (codecs do not know file names; the runner does). */
  withFile(file: string): FormatError {
    if (this.file) return this;
    const reason = this.message.replace(/^[A-Z]+ /, '');
    return new FormatError(
      this.format,
      reason,
      { file, row: this.row, line: this.line, column: this.column, offset: this.offset },
      { cause: this.cause },
    );
  }
}

// ─── runs ──────────────────────────────────────────────────────────────────────────────────────────────

/** The model's predictor threw, or returned something that is not a table or an array of row objects. */
export class PredictorError extends QwakBatchError {
  readonly file: string | undefined;

  constructor(message: string, options: ErrorOptions & { file?: string } = {}) {
    super(message, { cause: options.cause, code: 'PREDICTOR_ERROR' });
    this.file = options.file;
  }
}

/** One task (one input file) failed. `cause` holds the underlying error. */
export class TaskError extends QwakBatchError {
  /** Source URI of the file. */
  readonly file: string;

  constructor(file: string, reason: string, options: ErrorOptions & { code?: string } = {}) {
    super(`Task for ${file} failed: ${reason}`, {
      cause: options.cause,
      code: options.code ?? 'TASK_FAILED',
    });
    this.file = file;
  }
}

/** A task passed its file timeout. */
export class TaskTimeoutError extends TaskError {
  /** The timeout, in seconds. */
  readonly timeoutSeconds: number;

  constructor(file: string, timeoutSeconds: number, options: ErrorOptions = {}) {
    super(file, `passed its file timeout of ${timeoutSeconds} s`, { ...options, code: 'TASK_TIMEOUT' });
    this.timeoutSeconds = timeoutSeconds;
  }
}

/** A whole run failed. */
export class JobError extends QwakBatchError {
  /**
   * What the run did before it failed, when known: a local run's `RunResult` (status and per-file ledger;
   * read it typed with `runResultOf(error)` of `qwak-batch/runner`). Not enumerable, so that logging the
   * error does not print a ledger of thousands of rows.
   */
  declare readonly result: unknown;

  constructor(message: string, options: ErrorOptions & { code?: string; result?: unknown } = {}) {
    super(message, { cause: options.cause, code: options.code ?? 'JOB_FAILED' });
    Object.defineProperty(this, 'result', { value: options.result, enumerable: false });
  }
}

/** A run passed its job timeout. */
export class JobTimeoutError extends JobError {
  readonly timeoutSeconds: number;

  constructor(timeoutSeconds: number, options: ErrorOptions & { result?: unknown } = {}) {
    super(`The job passed its timeout of ${timeoutSeconds} s`, { ...options, code: 'JOB_TIMEOUT' });
    this.timeoutSeconds = timeoutSeconds;
  }
}
