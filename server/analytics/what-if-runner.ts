/**
 * Runs the heavy part of a what-if in a worker thread, so that a drawn site of thousands of
 * vertices never stalls the other requests, with a deadline: past it the worker is terminated
 * (its work is thrown away, a fresh one starts with the next request) and the caller gets a 503
 * "took too long". At most MAX_QUEUED computations wait at once; more get a 503 "busy".
 */
import { Worker } from 'node:worker_threads';
import { ApiError } from '../http/errors.ts';
import type { Shape } from './geometry.ts';
import type { AccessContext } from './recompute.ts';
import type { FromWorker, PlaneData, ToWorker } from './what-if-protocol.ts';

const MAX_QUEUED = 4;

interface Job {
  resolve: (d: Float64Array) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

const keys = new WeakMap<AccessContext, number>();
let nextKey = 1;
function keyOf(ctx: AccessContext): number {
  let k = keys.get(ctx);
  if (k === undefined) {
    k = nextKey++;
    keys.set(ctx, k);
  }
  return k;
}

export function planeData(ctx: AccessContext): PlaneData {
  const xy = new Float64Array(ctx.samples.length * 2);
  ctx.samples.forEach((s, i) => {
    xy[2 * i] = s.x;
    xy[2 * i + 1] = s.y;
  });
  const net = ctx.network;
  if (!net) return { xy, graph: null };
  const edges = net.graph.edges;
  const offsets = new Int32Array(edges.length + 1);
  let n = 0;
  edges.forEach((e, i) => {
    offsets[i] = n;
    n += e.line.length;
  });
  offsets[edges.length] = n;
  const coords = new Float64Array(n);
  edges.forEach((e, i) => {
    coords.set(e.line, offsets[i] as number);
  });
  return {
    xy,
    graph: {
      nodeCount: net.graph.nodeCount,
      from: Int32Array.from(edges, (e) => e.from),
      to: Int32Array.from(edges, (e) => e.to),
      offsets,
      coords,
    },
  };
}

class WhatIfRunner {
  private worker: Worker | null = null;
  private sent = new Set<number>();
  private jobs = new Map<number, Job>();
  private nextId = 1;

  private start(): Worker {
    const w = new Worker(new URL('./what-if-thread.mjs', import.meta.url));
    w.unref(); // never what keeps a process alive
    w.on('message', (m: FromWorker) => {
      const job = this.jobs.get(m.id);
      if (!job) return;
      this.jobs.delete(m.id);
      clearTimeout(job.timer);
      if ('error' in m) job.reject(new Error(`what-if worker: ${m.error}`));
      else job.resolve(m.distances);
    });
    w.on('error', (err) => this.stop(w, err));
    w.on('exit', () => this.stop(w, new Error('the what-if worker stopped')));
    this.worker = w;
    this.sent = new Set();
    return w;
  }

  /** ends the worker and fails every computation waiting on it */
  private stop(w: Worker, reason: unknown) {
    if (this.worker !== w) return;
    this.worker = null;
    void w.terminate();
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const j of jobs) {
      clearTimeout(j.timer);
      j.reject(reason);
    }
  }

  distances(
    ctx: AccessContext,
    shape: Shape,
    capM: number,
    network: boolean,
    timeoutMs: number,
  ): Promise<Float64Array> {
    if (this.jobs.size >= MAX_QUEUED) {
      return Promise.reject(
        new ApiError(503, 'busy', 'Too many what-if computations are running; try again in a moment'),
      );
    }
    const w = this.worker ?? this.start();
    const key = keyOf(ctx);
    if (!this.sent.has(key)) {
      const data = planeData(ctx);
      const g = data.graph;
      const arrays = [data.xy, ...(g ? [g.from, g.to, g.offsets, g.coords] : [])];
      // freshly made arrays, never shared: moved to the worker instead of copied
      const transfer = arrays.map((a) => a.buffer as ArrayBuffer);
      w.postMessage({ type: 'context', key, data } satisfies ToWorker, transfer);
      this.sent.add(key);
    }
    const id = this.nextId++;
    return new Promise<Float64Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop(
          w,
          new ApiError(
            503,
            'timeout',
            `The what-if took longer than ${timeoutMs / 1000} s and was stopped; draw a simpler site (fewer vertices)`,
          ),
        );
      }, timeoutMs);
      this.jobs.set(id, { resolve, reject, timer });
      w.postMessage({ type: 'run', id, key, shape, capM, network } satisfies ToWorker);
    });
  }
}

/** one worker per process, shared by every app in it */
export const whatIfRunner = new WhatIfRunner();
