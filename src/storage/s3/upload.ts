import type { S3Client } from '@aws-sdk/client-s3';
import { throwIfAborted } from '../../internal/abort.js';
import { chunksOf, concatChunks } from '../bytes.js';
import type { WriteInput } from '../types.js';
import type { loadClientS3 } from './load-sdk.js';

/** Where and how to upload one object. */
export interface UploadPlan {
  readonly sdk: Awaited<ReturnType<typeof loadClientS3>>;
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  /** Objects this big or bigger go by multipart upload. */
  readonly threshold: number;
  readonly partSize: number;
  readonly queueSize: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Uploads `data`: one PutObject below the threshold, else a multipart upload with up to `queueSize` parts in
 * flight. Either way the object appears only when complete (PutObject is atomic; a multipart upload is
 * invisible until CompleteMultipartUpload). A multipart upload that fails is aborted, so no parts remain.
 */
export async function uploadObject(plan: UploadPlan, data: WriteInput): Promise<number> {
  const { sdk, client, bucket, key, signal } = plan;
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  let uploadId: string | undefined;
  const parts: { PartNumber: number; ETag: string | undefined }[] = [];
  const inFlight = new Set<Promise<void>>();
  const inner = new AbortController();
  const partSignal = signal ? AbortSignal.any([signal, inner.signal]) : inner.signal;
  let failure: unknown;

  const takePart = (size: number): Uint8Array => {
    const out: Uint8Array[] = [];
    let taken = 0;
    while (taken < size && pending.length > 0) {
      const head = pending[0]!;
      const need = size - taken;
      if (head.byteLength <= need) {
        out.push(pending.shift()!);
        taken += head.byteLength;
      } else {
        out.push(head.subarray(0, need));
        pending[0] = head.subarray(need);
        taken += need;
      }
    }
    pendingBytes -= taken;
    return concatChunks(out, taken);
  };

  const sendPart = async (body: Uint8Array) => {
    const PartNumber = parts.length + 1;
    const slot = { PartNumber, ETag: undefined as string | undefined };
    parts.push(slot);
    const task = client
      .send(
        new sdk.UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: body }),
        {
          abortSignal: partSignal,
        },
      )
      .then((answer) => {
        slot.ETag = answer.ETag;
      })
      .catch((error: unknown) => {
        failure ??= error;
        inner.abort(error);
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    while (inFlight.size >= plan.queueSize) await Promise.race(inFlight);
    if (failure) throw failure;
  };

  try {
    for await (const chunk of chunksOf(data)) {
      throwIfAborted(signal, `Writing s3://${bucket}/${key}`);
      if (chunk.byteLength === 0) continue;
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      total += chunk.byteLength;
      if (uploadId === undefined && pendingBytes >= plan.threshold) {
        const started = await client.send(
          new sdk.CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
          {
            abortSignal: signal,
          },
        );
        uploadId = started.UploadId;
      }
      while (uploadId !== undefined && pendingBytes >= plan.partSize) await sendPart(takePart(plan.partSize));
    }
    throwIfAborted(signal, `Writing s3://${bucket}/${key}`);
    if (uploadId === undefined) {
      const body = takePart(pendingBytes);
      await client.send(
        new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.byteLength }),
        { abortSignal: signal },
      );
      return total;
    }
    if (pendingBytes > 0) await sendPart(takePart(pendingBytes));
    await Promise.all(inFlight);
    if (failure) throw failure;
    throwIfAborted(signal, `Writing s3://${bucket}/${key}`);
    await client.send(
      new sdk.CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      { abortSignal: signal },
    );
    return total;
  } catch (error) {
    inner.abort(error);
    await Promise.allSettled(inFlight);
    if (uploadId !== undefined) {
      // Not under the caller's signal: the abort must happen even when the caller gave up.
      await client
        .send(new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
        .catch(() => undefined);
    }
    throw failure ?? error;
  }
}
