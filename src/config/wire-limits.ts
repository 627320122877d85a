/*
 * Bounds of the platform's wire fields. The gRPC messages hold timeouts, pods, memory and GPUs in `int32`
 * fields and CPUs in a `float` (batch_job_service.proto, resources.proto); the REST gateway converts into the
 * same messages. A larger value does not fail there: it wraps (2^32 + 3 pods arrive as 3), so the config
 * refuses it when it is built.
 */

/** The largest value of a protobuf `int32` field. */
export const INT32_MAX = 2_147_483_647;

/** The largest finite value of a protobuf `float` (IEEE 754 single precision) field. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * `limit` (in base units) as a whole number of `unit`, where one `unit` is `factor` base units: rounded down,
 * so that the value shown is always allowed (duration strings take whole numbers only).
 */
export function limitIn(limit: number, factor: number, unit: string): string {
  return `${Math.floor(limit / factor)}${unit}`;
}
