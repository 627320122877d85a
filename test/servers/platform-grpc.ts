/**
 * A real @grpc/grpc-js server of `qwak.batchjob.BatchJobManagementService` on 127.0.0.1, built from the
 * `.proto` files in ../shared/design/proto (not from the SDK's embedded descriptor, so that a wrong
 * descriptor cannot hide itself). It checks the auth metadata and the fields of every request, plays
 * scripted life cycles (committed → pending → running → finished or failed, one step per status poll), and
 * can fail on cue.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { buildDescriptor } from '../api/grpc/generate-descriptor.js';

export type JobState = 'COMMITTED' | 'PENDING' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED' | 'TIMEOUT';

/** What the server does instead of answering one call. */
export type Cue = { code: grpc.status; details?: string } | { delayMs: number } | { answer: object };

/** One execution the server knows. */
export interface FakeJob {
  readonly id: string;
  readonly modelId: string;
  readonly buildId: string;
  readonly sourceBucket: string;
  readonly sourceFolder: string;
  readonly destinationBucket: string;
  readonly destinationFolder: string;
  readonly inputFileType: string;
  readonly outputFileType: string;
  /** States, one per status poll; the last one stays. */
  lifecycle: JobState[];
  step: number;
  totalFiles: number;
  reportLines: string[];
  /** Input files, as task file names. */
  files: string[];
  startedAt: number;
}

export interface PlatformGrpcServerOptions {
  /** The tokens the server accepts. */
  readonly acceptToken: (token: string) => boolean;
  /** Life cycle of started jobs. @default COMMITTED, PENDING, RUNNING, FINISHED */
  readonly lifecycle?: JobState[];
  /** Called once when a job first reaches FINISHED, before that status is answered (plays the execution). */
  readonly onFinish?: (job: FakeJob) => Promise<void> | void;
  /** Files an execution processes (task names); called when a job starts. @default three part files */
  readonly filesFor?: (job: FakeJob) => Promise<string[]> | string[];
  /** GetBatchJobUploadDetails answer. */
  readonly uploadDetails?: (modelId: string) => Promise<object> | object;
  /** GetBatchJobDownloadDetails answer. */
  readonly downloadDetails?: (job: FakeJob) => Promise<object> | object;
  /** GetBatchJobPreSignedUploadUrl answer. */
  readonly preSignedUpload?: (modelId: string, count: number, fileType: string) => Promise<object> | object;
  /** GetBatchJobPreSignedDownloadUrl answer. */
  readonly preSignedDownload?: (job: FakeJob) => Promise<string[]> | string[];
}

export interface RecordedCall {
  readonly method: string;
  readonly request: Record<string, unknown>;
  readonly authorization: string | undefined;
  readonly deadline: number | undefined;
}

const ts = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });

export class PlatformGrpcServer {
  readonly calls: RecordedCall[] = [];
  readonly violations: string[] = [];
  readonly jobs = new Map<string, FakeJob>();
  readonly warmups: Record<string, unknown>[] = [];
  #server = new grpc.Server();
  #cues = new Map<string, Cue[]>();
  #nextId = 1;
  #url = '';
  #timers = new Set<NodeJS.Timeout>();
  readonly #options: PlatformGrpcServerOptions;

  private constructor(options: PlatformGrpcServerOptions) {
    this.#options = options;
  }

  static async start(options: PlatformGrpcServerOptions): Promise<PlatformGrpcServer> {
    const server = new PlatformGrpcServer(options);
    const definition = protoLoader.fromJSON(buildDescriptor(), {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      arrays: true,
    });
    const pkg = grpc.loadPackageDefinition(definition) as unknown as {
      qwak: { batchjob: { BatchJobManagementService: { service: grpc.ServiceDefinition } } };
    };
    const service = pkg.qwak.batchjob.BatchJobManagementService.service;
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const method of Object.keys(service)) {
      handlers[method] = (
        call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => void server.#handle(method, call, callback);
    }
    server.#server.addService(service, handlers);
    const port = await new Promise<number>((resolve, reject) =>
      server.#server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    server.#url = `http://127.0.0.1:${port}`;
    return server;
  }

  /** `http://127.0.0.1:<port>` (plain text; the SDK allows that for loopback only). */
  get url(): string {
    return this.#url;
  }

  /** The next calls of `method` fail (or stall) as cued, one cue per call. */
  cue(method: string, ...cues: Cue[]): this {
    this.#cues.set(method, [...(this.#cues.get(method) ?? []), ...cues]);
    return this;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Adds a job as if it had been started earlier (e.g. a running duplicate). */
  addJob(job: Partial<FakeJob> & Pick<FakeJob, 'modelId' | 'sourceBucket' | 'sourceFolder'>): FakeJob {
    const full: FakeJob = {
      id: `job-${this.#nextId++}`,
      buildId: '',
      destinationBucket: job.sourceBucket,
      destinationFolder: 'out',
      inputFileType: 'CSV_INPUT_FILE_TYPE',
      outputFileType: 'CSV_OUTPUT_FILE_TYPE',
      lifecycle: ['RUNNING'],
      step: 0,
      totalFiles: 3,
      reportLines: [],
      files: ['a.csv', 'b.csv', 'c.csv'],
      startedAt: Date.now(),
      ...job,
    };
    this.jobs.set(full.id, full);
    return full;
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#server.forceShutdown();
  }

  async #handle(
    method: string,
    call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>,
    callback: grpc.sendUnaryData<unknown>,
  ): Promise<void> {
    const authorization = call.metadata.get('authorization')[0]?.toString();
    const deadline = call.getDeadline();
    this.calls.push({
      method,
      request: call.request,
      authorization,
      deadline:
        deadline instanceof Date
          ? deadline.getTime()
          : Number.isFinite(deadline)
            ? Number(deadline)
            : undefined,
    });
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    if (!this.#options.acceptToken(token)) {
      return callback({ code: grpc.status.UNAUTHENTICATED, details: 'invalid or expired token' });
    }
    if (deadline === Number.POSITIVE_INFINITY) this.violations.push(`${method}: the call has no deadline`);
    const cue = this.#cues.get(method)?.shift();
    if (cue && 'delayMs' in cue) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.#timers.delete(t);
          resolve();
        }, cue.delayMs);
        this.#timers.add(t);
      });
      if (call.cancelled) return;
    } else if (cue && 'answer' in cue) {
      return callback(null, cue.answer);
    } else if (cue) {
      return callback({ code: cue.code, details: cue.details ?? 'cued failure' });
    }
    try {
      const answer = await this.#answer(method, call.request);
      if (typeof answer === 'string') {
        this.violations.push(`${method}: ${answer}`);
        return callback({ code: grpc.status.INVALID_ARGUMENT, details: answer });
      }
      callback(null, answer);
    } catch (error) {
      callback({ code: grpc.status.INTERNAL, details: (error as Error).message });
    }
  }

  /** The answer, or a string naming what is wrong with the request. */
  async #answer(method: string, r: Record<string, unknown>): Promise<object | string> {
    const jobOf = (key: string) => {
      const id = r[key];
      if (typeof id !== 'string' || id === '') return `${key} is empty`;
      return this.jobs.get(id) ?? { missing: id };
    };
    switch (method) {
      case 'StartBatchJob':
        return this.#start(r);
      case 'GetBatchJobStatus': {
        const job = jobOf('batch_id');
        if (typeof job === 'string') return job;
        if ('missing' in job)
          return { success: false, failure_message: `batch job ${job.missing} not found` };
        const state = await this.#advance(job);
        const finished =
          state === 'FINISHED'
            ? job.totalFiles
            : Math.floor((job.totalFiles * (job.step - 1)) / job.lifecycle.length);
        return {
          job_status: `BATCH_JOB_${state}_STATUS`,
          success: true,
          finished_files: finished,
          total_files: job.totalFiles,
        };
      }
      case 'GetBatchJobReport': {
        const job = jobOf('batch_id');
        if (typeof job === 'string') return job;
        if ('missing' in job) return { successful: false, failure_message: 'not found' };
        return { successful: true, report_messages: job.reportLines };
      }
      case 'CancelBatchJob': {
        const job = jobOf('batch_id');
        if (typeof job === 'string') return job;
        if ('missing' in job)
          return { success: false, failure_message: `batch job ${job.missing} not found` };
        job.lifecycle = ['CANCELLED'];
        job.step = 0;
        return { success: true };
      }
      case 'ListBatchJobs': {
        if (!r.model_id) return 'model_id is empty';
        const jobs = [...this.jobs.values()].filter(
          (j) => j.modelId === r.model_id && (!r.build_id || j.buildId === r.build_id),
        );
        return {
          batch_jobs: jobs.map((j) => ({
            build_id: j.buildId,
            job_id: j.id,
            job_status: `BATCH_JOB_${this.#state(j)}_STATUS`,
            start_time: ts(j.startedAt),
            environment_id: 'env-1',
          })),
        };
      }
      case 'GetBatchJobDetails': {
        const job = jobOf('job_id');
        if (typeof job === 'string') return job;
        if ('missing' in job) return { success: false, failure_message: 'not found' };
        const state = this.#state(job);
        const taskState = state === 'FINISHED' ? 'FINISHED' : state === 'COMMITTED' ? 'PENDING_START' : state;
        return {
          success: true,
          batch_job: {
            job_id: job.id,
            model_id: job.modelId,
            build_id: job.buildId,
            start_time: ts(job.startedAt),
            job_status: `BATCH_JOB_${state}_STATUS`,
            total_records: job.files.length * 10,
            report_messages: job.reportLines.map((line, i) => ({ time: ts(job.startedAt + i * 1000), line })),
            execution_file_details: {
              source_bucket: job.sourceBucket,
              destination_bucket: job.destinationBucket,
              source_path: job.sourceFolder,
              destination_path: job.destinationFolder,
              input_file_type: job.inputFileType,
              output_file_type: job.outputFileType,
              finished_files: state === 'FINISHED' ? job.totalFiles : 0,
              total_files: job.totalFiles,
            },
            task_executions: job.files.map((file, i) => ({
              task_id: `${job.id}-task-${i + 1}`,
              status: `BATCH_TASK_${taskState}_STATUS`,
              start_time: ts(job.startedAt),
              ...(state === 'FINISHED' ? { end_time: ts(job.startedAt + 5000) } : {}),
              num_of_records: 10,
              filename: file,
            })),
          },
        };
      }
      case 'StartWarmupJob':
      case 'CancelWarmupJob':
        if (!r.model_id) return 'model_id is empty';
        this.warmups.push({ method, ...r });
        return { success: true };
      case 'GetBatchJobUploadDetails':
        if (!r.model_id) return 'model_id is empty';
        return (
          this.#options.uploadDetails?.(String(r.model_id)) ?? {
            bucket: 'platform-bucket',
            input_path: 'in',
            output_path: 'out',
          }
        );
      case 'GetBatchJobDownloadDetails': {
        const job = jobOf('job_id');
        if (typeof job === 'string') return job;
        if ('missing' in job) return `unknown job ${job.missing}`;
        return (await this.#options.downloadDetails?.(job)) ?? { bucket: job.destinationBucket, keys: [] };
      }
      case 'GetBatchJobPreSignedUploadUrl': {
        if (!r.model_id) return 'model_id is empty';
        if (typeof r.number_of_files !== 'number' || r.number_of_files < 1)
          return 'number_of_files must be above 0';
        if (!['csv', 'parquet', 'feather'].includes(String(r.file_type)))
          return `file_type ${String(r.file_type)}`;
        return (
          (await this.#options.preSignedUpload?.(
            String(r.model_id),
            r.number_of_files,
            String(r.file_type),
          )) ?? {
            success: true,
            bucket: 'platform-bucket',
            input_path: 'in',
            output_path: 'out',
            urls: Array.from({ length: r.number_of_files }, (_, i) => `https://upload.example.com/${i}`),
          }
        );
      }
      case 'GetBatchJobPreSignedDownloadUrl': {
        const job = jobOf('job_id');
        if (typeof job === 'string') return job;
        if ('missing' in job) return { success: false, failure_message: 'not found' };
        return { success: true, urls: (await this.#options.preSignedDownload?.(job)) ?? [] };
      }
      default:
        return `${method} is not used by the SDK`;
    }
  }

  async #start(r: Record<string, unknown>): Promise<object | string> {
    type Nested = {
      model_details?: { model_id?: string; build_id?: string };
      data_details?: {
        source_path?: { source_bucket?: string; source_folder?: string; input_file_type?: string };
        destination_path?: {
          destination_bucket?: string;
          destination_folder?: string;
          output_file_type?: string;
        };
      };
    };
    const request = r.batch_job_request as Nested | null;
    const model = request?.model_details;
    const source = request?.data_details?.source_path;
    const destination = request?.data_details?.destination_path;
    if (!model?.model_id) return 'batch_job_request.model_details.model_id is empty';
    if (!source?.source_bucket || !source.source_folder)
      return 'batch_job_request.data_details.source_path is incomplete';
    if (!destination?.destination_bucket || !destination.destination_folder) {
      return 'batch_job_request.data_details.destination_path is incomplete';
    }
    if (!source.input_file_type || source.input_file_type.startsWith('UNDEFINED'))
      return 'input_file_type is undefined';
    if (!destination.output_file_type || destination.output_file_type.startsWith('UNDEFINED')) {
      return 'output_file_type is undefined';
    }
    const duplicate = [...this.jobs.values()].find(
      (j) =>
        ['COMMITTED', 'PENDING', 'RUNNING'].includes(this.#state(j)) &&
        j.modelId === model.model_id &&
        j.buildId === (model.build_id ?? '') &&
        j.sourceBucket === source.source_bucket &&
        j.sourceFolder === source.source_folder &&
        j.destinationBucket === destination.destination_bucket &&
        j.destinationFolder === destination.destination_folder,
    );
    if (duplicate) {
      return { success: false, failure_message: 'Batch job with the same parameters is already running' };
    }
    const job: FakeJob = {
      id: `job-${this.#nextId++}`,
      modelId: model.model_id,
      buildId: model.build_id ?? '',
      sourceBucket: source.source_bucket,
      sourceFolder: source.source_folder,
      destinationBucket: destination.destination_bucket,
      destinationFolder: destination.destination_folder,
      inputFileType: source.input_file_type,
      outputFileType: destination.output_file_type,
      lifecycle: [...(this.#options.lifecycle ?? ['COMMITTED', 'PENDING', 'RUNNING', 'FINISHED'])],
      step: 0,
      totalFiles: 0,
      reportLines: ['Batch job committed'],
      files: [],
      startedAt: Date.now(),
    };
    job.files = (await this.#options.filesFor?.(job)) ?? ['part-1.csv', 'part-2.csv', 'part-3.csv'];
    job.totalFiles = job.files.length;
    this.jobs.set(job.id, job);
    return { batch_id: job.id, success: true, failure_message: '' };
  }

  #state(job: FakeJob): JobState {
    return job.lifecycle[Math.min(Math.max(job.step - 1, 0), job.lifecycle.length - 1)]!;
  }

  /** Moves a job one step on (each status poll) and plays the execution when it first finishes. */
  async #advance(job: FakeJob): Promise<JobState> {
    const before = job.step > 0 ? this.#state(job) : undefined;
    job.step = Math.min(job.step + 1, job.lifecycle.length);
    const state = this.#state(job);
    if (state !== before) job.reportLines.push(`Batch job ${state.toLowerCase()}`);
    if (state === 'FINISHED' && before !== 'FINISHED') await this.#options.onFinish?.(job);
    if (state === 'FAILED' && before !== 'FAILED')
      job.reportLines.push('Task part-2.csv failed: model raised ValueError');
    return state;
  }
}
