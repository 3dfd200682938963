/** The messages between the what-if runner (main thread) and its worker thread. */
import type { Shape } from './geometry.ts';

/** a tenant's samples and walk network as flat arrays: cheap to copy to the worker */
export interface PlaneData {
  /** x0, y0, x1, y1, … of every sample, projected metres */
  xy: Float64Array;
  graph: {
    nodeCount: number;
    from: Int32Array;
    to: Int32Array;
    /** where each edge's line starts in `coords` (edges + 1 entries) */
    offsets: Int32Array;
    coords: Float64Array;
  } | null;
}

export type ToWorker =
  | { type: 'context'; key: number; data: PlaneData }
  | { type: 'run'; id: number; key: number; shape: Shape; capM: number; network: boolean };

export type FromWorker = { id: number; distances: Float64Array } | { id: number; error: string };
