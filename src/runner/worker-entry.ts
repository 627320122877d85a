/**
 * Entry of a runner worker thread (built to `dist/runner/worker.js`). It decodes and encodes files, and runs
 * a module predictor when the run has one, so that this CPU work spreads over cores instead of queueing on
 * the caller's event loop. Bytes and tables arrive and leave as transferred buffers; tables travel as Arrow
 * IPC streams.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { PredictorError } from '../errors.js';
import { tableFromIpc, tableToIpc } from '../formats/feather/ipc-table.js';
import { getCodec, useParquetWasmModule } from '../formats/index.js';
import { type LoadedPredictor, loadPredictor, messageOf } from '../predictors/load-predictor.js';
import { predictorOutputToTable } from '../predictors/to-table.js';
import { loadedModuleFiles } from './loaded-modules.js';
import { releaseBuffers } from './release-buffers.js';
import { tableUsesBuffer } from './table-buffers.js';
import { collectChunks, transferable } from './transfer.js';
import { toWireError } from './wire-error.js';
import type { WorkerRequest, WorkerResponse, WorkerSetup } from './worker-protocol.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const running = new Map<number, AbortController>();
let predictor: LoadedPredictor | undefined;

function send(message: WorkerResponse, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function handle(
  request: Exclude<WorkerRequest, { kind: 'abort' | 'close' | 'modules' }>,
  signal: AbortSignal,
) {
  switch (request.kind) {
    case 'decode': {
      const table = await getCodec(request.inputType, setup.codecOptions).decode(request.bytes, {
        file: request.file,
        signal,
      });
      const ipc = tableToIpc(table);
      return { chunks: [ipc], rowsIn: table.numRows, rowsOut: undefined, release: [request.bytes] };
    }
    case 'encode': {
      const table = tableFromIpc(request.ipc);
      const out = await getCodec(request.outputType, setup.codecOptions).encode(table, {
        file: request.file,
        signal,
      });
      const chunks = await collectChunks(out);
      return { chunks, rowsIn: undefined, rowsOut: table.numRows, release: [request.ipc] };
    }
    case 'process': {
      const input = await getCodec(request.inputType, setup.codecOptions).decode(request.bytes, {
        file: request.file,
        signal,
      });
      const rowsIn = input.numRows;
      // The file's bytes are needed no more unless the table is made of views of them (Feather): free them
      // before the predictor and the encoder allocate theirs.
      if (!tableUsesBuffer(input, request.bytes.buffer)) releaseBuffers([request.bytes]);
      let answer: unknown;
      try {
        answer = await predictor!.predict(input, {
          modelId: setup.modelId,
          buildId: setup.buildId,
          parameters: setup.parameters,
          file: request.file,
          signal,
        });
      } catch (error) {
        throw new PredictorError(`The predictor failed on ${request.file}: ${messageOf(error)}`, {
          cause: error,
          file: request.file,
        });
      }
      signal.throwIfAborted();
      const table = predictorOutputToTable(answer, request.file);
      const out = await getCodec(request.outputType, setup.codecOptions).encode(table, {
        file: request.destination,
        signal,
      });
      // The input stays to the collector: the predictor may keep its table (or views of it) past this call.
      return { chunks: await collectChunks(out), rowsIn, rowsOut: table.numRows, release: [] };
    }
  }
}

async function start(): Promise<void> {
  if (setup.parquetWasmModule) useParquetWasmModule(setup.parquetWasmModule);
  if (setup.predictorUrl) {
    try {
      predictor = await loadPredictor(setup.predictorUrl);
      await predictor.initialize({
        modelId: setup.modelId,
        buildId: setup.buildId,
        parameters: setup.parameters,
        signal: new AbortController().signal,
      });
    } catch (error) {
      const wrapped = PredictorError.isInstance(error)
        ? error
        : new PredictorError(`The predictor's initialize() failed: ${messageOf(error)}`, { cause: error });
      send({ kind: 'init-failed', error: toWireError(wrapped) });
      return;
    }
  }
  port.on('message', (request: WorkerRequest) => {
    if (request.kind === 'abort') {
      running.get(request.id)?.abort(new Error('task aborted'));
      return;
    }
    if (request.kind === 'close') {
      // A model's close() failing must not turn a finished run into a failed one.
      Promise.resolve(predictor?.close())
        .catch(() => {})
        .finally(() => send({ kind: 'closed' }));
      return;
    }
    if (request.kind === 'modules') {
      void loadedModuleFiles().then((files) => send({ kind: 'modules', files }));
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    handle(request, controller.signal).then(
      (result) => {
        running.delete(request.id);
        const { chunks, transfer } = transferable(result.chunks);
        send(
          { kind: 'done', id: request.id, chunks, rowsIn: result.rowsIn, rowsOut: result.rowsOut },
          transfer,
        );
        // Moved here for this job and seen by no user code: free them now rather than at this thread's next
        // collection. Output chunks that shared them were copied by transferable() or moved (detached) above.
        releaseBuffers(result.release);
      },
      (error: unknown) => {
        running.delete(request.id);
        send({ kind: 'failed', id: request.id, error: toWireError(error) });
      },
    );
  });
  send({ kind: 'ready' });
}

void start();
