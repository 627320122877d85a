import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PredictorError, UsageError } from '../errors.js';
import { formatLocation, locateSyntaxError } from './syntax-error-location.js';
import type { InitializeContext, PredictFunction, Predictor, PredictorObject } from './types.js';

/** A predictor in one shape, whatever form it was given in. */
export interface LoadedPredictor {
  /** Where it came from, for messages: `function`, `object` or the module's URL. */
  readonly origin: string;
  initialize(context: InitializeContext): Promise<void>;
  readonly predict: PredictFunction;
  close(): Promise<void>;
}

/**
 * The file URL of a module predictor given as a path (relative to the working directory) or a `file:` URL.
 */
export function predictorModuleUrl(pathOrUrl: string): string {
  if (pathOrUrl.startsWith('file:')) return pathOrUrl;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl)) {
    throw new UsageError(`A model module must be a local path or a file: URL, got ${pathOrUrl}`);
  }
  return pathToFileURL(isAbsolute(pathOrUrl) ? pathOrUrl : resolve(pathOrUrl)).href;
}

/**
 * Turns a predictor (a function, an object with `predict()`, or a module path exporting either) into a
 * {@link LoadedPredictor}. A module may export `predict` (and optionally `initialize`, `close`), a `default`
 * function or object, or a `predictor` / `model` object.
 */
export async function loadPredictor(predictor: Predictor | string): Promise<LoadedPredictor> {
  if (typeof predictor === 'string') {
    const url = predictorModuleUrl(predictor);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw new PredictorError(`Could not load the model module ${url}: ${await loadFailure(url, error)}`, {
        cause: error,
      });
    }
    return fromModule(mod, url);
  }
  return fromPredictor(predictor, typeof predictor === 'function' ? 'function' : 'object');
}

function fromModule(mod: Record<string, unknown>, url: string): LoadedPredictor {
  if (typeof mod.predict === 'function') return fromPredictor(mod as PredictorObject, url);
  for (const name of ['default', 'predictor', 'model']) {
    const candidate = mod[name];
    if (typeof candidate === 'function' || hasPredict(candidate)) {
      return fromPredictor(candidate as Predictor, url);
    }
  }
  throw new PredictorError(
    `The model module ${url} exports no predictor: export a function \`predict(table, context)\`, ` +
      'or a default function or object with a predict() method',
  );
}

function hasPredict(value: unknown): value is PredictorObject {
  return (
    typeof value === 'object' && value !== null && typeof (value as PredictorObject).predict === 'function'
  );
}

function fromPredictor(predictor: Predictor, origin: string): LoadedPredictor {
  if (typeof predictor === 'function') {
    return { origin, initialize: async () => {}, predict: predictor, close: async () => {} };
  }
  if (!hasPredict(predictor)) {
    throw new UsageError(`A predictor object must have a predict(table, context) method (${origin})`);
  }
  const target = predictor;
  return {
    origin,
    initialize: async (context) => {
      await target.initialize?.(context);
    },
    predict: (input, context) => target.predict!(input, context),
    close: async () => {
      await target.close?.();
    },
  };
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why `url` did not load. When the module itself is missing, Node's message names the SDK file that imported
 * it, which tells the user nothing: say that the file does not exist instead. A module it imports that is
 * missing keeps Node's message, which names that module and the model file. A SyntaxError (a file of the
 * model that does not parse, a named import that its module does not export) says in which file, at which
 * line and column, which Node's message alone does not.
 */
async function loadFailure(url: string, error: unknown): Promise<string> {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' && url.startsWith('file:')) {
    const exists = await access(fileURLToPath(url)).then(
      () => true,
      () => false,
    );
    if (!exists) return 'the file does not exist';
  }
  const location = await locateSyntaxError(error, url);
  if (location) return `SyntaxError in ${formatLocation(location)}: ${messageOf(error)}`;
  return messageOf(error);
}
