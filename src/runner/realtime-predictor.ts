import type { PredictFunction } from '../predictors/types.js';
import type { NormalizedRun } from './normalize-options.js';

/**
 * The deployed real-time endpoint of the run's model, as a predict function. Loaded on first use, so that a
 * run with its own model never loads the API client.
 */
export async function realtimePredictor(run: NormalizedRun): Promise<PredictFunction> {
  const { createRealtimePredictor } = await import('../predictors/realtime-endpoint.js');
  return createRealtimePredictor({ ...run.endpoint, modelId: run.modelId });
}
