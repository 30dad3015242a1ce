/**
 * What the gradient-flow element (main thread) asks of its Web Worker, which owns tfjs, the 2,000 test images and the
 * lab's two nets, and what comes back, through the shared worker client (../shared/worker-client.ts). Types only.
 */
import type { ReferenceTraining } from '../../model/data/reference-nets';
import type { BackendReport } from '../../model/runtime/backend';
import type { LayerResponse } from '../../model/runtime/diagnostics';
import type { CorrelationPoint, LabConfig, Measurement } from './lab';
import type { NetKind } from './series';

export type Responses = Partial<Record<NetKind, LayerResponse[]>>;

/**
 * The lab's Fig. 7, or why it is not drawn: with BatchNorm at initialisation it is flat by construction. Otherwise
 * measured with each net's BatchNorm statistics first set from 100 test images.
 */
export type LabResponses = { note: 'flat-at-init' } | { note: 'untrained' | 'briefly-trained'; responses: Responses };

/** The lab's two nets as they are now. */
export interface LabState {
  config: LabConfig;
  /** SGD steps both nets have taken. */
  step: number;
  /** Gradient norms on the measuring batch. */
  measurement: Measurement;
  /** Absent while live training skips them (only the gradients are redrawn between steps). */
  responses?: LabResponses;
}

/** Live training, in order: each step, and every other step the gradients measured again. */
export type TrainEvent = { kind: 'step'; step: number; lr: number; progress: number } | { kind: 'measured'; state: LabState };

/** Where a shipped reference net came from: the part of its run record the element quotes. */
export type ReferenceInfo = Pick<ReferenceTraining, 'steps' | 'schedule' | 'seed' | 'testError'>;

export type ReferenceResult = { loaded: false; reason: string } | { loaded: true; responses: Responses };

export type FlowApi = {
  /** tfjs, a backend and the test images; once per worker. */
  load: { request: { dataUrl: string; requestedBackend: string | null }; event: never; result: { backend: BackendReport } };
  /** Fresh nets for `config`, measured at initialisation. */
  measure: { request: { config: LabConfig }; event: never; result: LabState };
  /** `steps` SGD steps of both nets (after `measure`), measured as they go. */
  train: { request: { steps: number }; event: TrainEvent; result: LabState };
  /** Gradient correlation at initialisation for each depth and seed; cancellable between nets. */
  correlate: { request: { width: number; batchNorm: boolean; seeds: number[] }; event: { done: number; total: number }; result: Record<NetKind, CorrelationPoint[]> };
  /** Fig. 7 of the shipped trained nets plain-`depth` and res-`depth` (loaded, verified, measured, freed). */
  reference: {
    request: { depth: string; baseUrl: string };
    event: { plain: ReferenceInfo; residual: ReferenceInfo };
    result: ReferenceResult;
  };
};
