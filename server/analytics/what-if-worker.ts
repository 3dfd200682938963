/**
 * The what-if's worker thread: keeps the last few tenants' samples and walk graphs, and computes
 * a new site's distance to every sample off the request loop (started by what-if-runner.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { Network } from './distances.ts';
import { newSiteDistances } from './site-distances.ts';
import { WalkGraph } from './walk-graph.ts';
import type { FromWorker, PlaneData, ToWorker } from './what-if-protocol.ts';

interface Plane {
  points: { x: number; y: number }[];
  network: Network | null;
}

const KEEP = 3;
const planes = new Map<number, Plane>();

function build(data: PlaneData): Plane {
  const points = Array.from({ length: data.xy.length / 2 }, (_, i) => ({
    x: data.xy[2 * i] as number,
    y: data.xy[2 * i + 1] as number,
  }));
  const g = data.graph;
  if (!g) return { points, network: null };
  const lines = Array.from({ length: g.from.length }, (_, i) => ({
    from: g.from[i] as number,
    to: g.to[i] as number,
    line: Array.from(g.coords.subarray(g.offsets[i] as number, g.offsets[i + 1] as number)),
  }));
  const graph = WalkGraph.fromLines(g.nodeCount, lines);
  return { points, network: { graph, snaps: points.map((p) => graph.snap(p.x, p.y)) } };
}

const port = parentPort;
if (!port) throw new Error('what-if-worker.ts runs as a worker thread');
port.on('message', (msg: ToWorker) => {
  if (msg.type === 'context') {
    planes.set(msg.key, build(msg.data));
    while (planes.size > KEEP) planes.delete(planes.keys().next().value as number);
    return;
  }
  let reply: FromWorker;
  try {
    const plane = planes.get(msg.key);
    if (!plane) throw new Error(`no samples for context ${msg.key}`);
    const distances = newSiteDistances(plane.points, msg.network ? plane.network : null, msg.shape, msg.capM);
    reply = { id: msg.id, distances };
    port.postMessage(reply, [distances.buffer as ArrayBuffer]);
  } catch (err) {
    reply = { id: msg.id, error: err instanceof Error ? err.message : String(err) };
    port.postMessage(reply);
  }
});
