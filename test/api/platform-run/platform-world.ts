/**
 * The platform as the platform runs see it: the gRPC test server, backed by the radosgw of the storage tests.
 * Upload details carry radosgw credentials; pre-signed URLs are radosgw URLs; an execution "runs" by reading
 * every uploaded input file, adding a column `score` = 2 × `x`, and writing the output file of the same name.
 */
import { Float64, Table, vectorFromArray } from 'apache-arrow';
import { getCodec } from '../../../src/formats/index.js';
import { openStorage } from '../../../src/storage/index.js';
import type { S3TestServer } from '../../helpers/storage-servers.js';
import { type FakeJob, PlatformGrpcServer } from '../../servers/platform-grpc.js';
import { presignUrl } from '../../servers/platform-presign.js';
import { TOKEN } from '../fixtures.js';

const typeOf = (enumName: string) => enumName.split('_')[0]!.toLowerCase();

export async function startPlatformWorld(s3: S3TestServer) {
  const bucket = await s3.createBucket('platform');
  let run = 0;
  const store = (folder: string) => openStorage(`s3://${bucket}/${folder}`, { s3: s3.s3Options });
  const credentials = {
    access_key_id: s3.accessKeyId,
    secret_access_key: s3.secretAccessKey,
    session_token: '',
    expiration_time: { seconds: String(Math.floor(Date.now() / 1000) + 3600), nanos: 0 },
  };
  const inputsOf = async (job: FakeJob) => {
    const source = await store(job.sourceFolder);
    const keys: string[] = [];
    for await (const o of source.list('')) keys.push(o.key);
    return { source, keys };
  };
  const outputsOf = async (job: FakeJob) => {
    const keys: string[] = [];
    for await (const o of (await store(job.destinationFolder)).list(''))
      keys.push(`${job.destinationFolder}/${o.key}`);
    return keys;
  };
  const server = await PlatformGrpcServer.start({
    acceptToken: (t) => t === TOKEN,
    uploadDetails: (modelId) => {
      run++;
      return {
        bucket,
        input_path: `uploads/${modelId}/${run}/input`,
        output_path: `uploads/${modelId}/${run}/output`,
        credentials,
      };
    },
    filesFor: async (job) => (await inputsOf(job)).keys,
    onFinish: async (job) => {
      const { source, keys } = await inputsOf(job);
      const destination = await store(job.destinationFolder);
      const input = getCodec(typeOf(job.inputFileType));
      const output = getCodec(typeOf(job.outputFileType));
      for (const key of keys) {
        const table = await input.decode(await source.read(key));
        const x = table.getChild('x')!.toArray() as ArrayLike<number | bigint>;
        const score = vectorFromArray(
          Array.from(x, (v) => Number(v) * 2),
          new Float64(),
        );
        const result = table.assign(new Table({ score }));
        const name = `${key.replace(/\.[^.]+$/, '')}.${output.extensions[0]}`;
        await destination.write(name, await output.encode(result));
      }
    },
    downloadDetails: async (job) => ({ bucket, keys: await outputsOf(job), credentials }),
    preSignedUpload: async (modelId, count, fileType) => {
      run++;
      const input = `presigned/${modelId}/${run}/input`;
      const extension = getCodec(fileType).extensions[0];
      const keys = Array.from(
        { length: count },
        (_, i) => `${input}/part-${String(i).padStart(5, '0')}.${extension}`,
      );
      return {
        success: true,
        bucket,
        input_path: input,
        output_path: `presigned/${modelId}/${run}/output`,
        urls: await Promise.all(keys.map((key) => presignUrl(s3, 'PUT', bucket, key))),
      };
    },
    preSignedDownload: async (job) =>
      Promise.all((await outputsOf(job)).map((key) => presignUrl(s3, 'GET', bucket, key))),
  });
  return { server, bucket, store };
}
