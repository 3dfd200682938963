/**
 * Stopping an HTTP server without cutting anyone off: stop accepting connections, let the
 * requests in flight finish (each answered with `Connection: close`), close idle keep-alive
 * connections as soon as they are idle, and cut whatever is still running at the deadline.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Drainer {
  /** requests received and not yet answered */
  inFlight(): number;
  /**
   * Stops the server. Resolves once every connection is closed: when the requests in flight have
   * finished, or at `graceMs` by cutting them. `cut` is how many were cut.
   */
  drain(graceMs: number, onStopped?: (inFlight: number) => void): Promise<{ cut: number }>;
}

export function trackRequests(server: Server): Drainer {
  const active = new Set<ServerResponse>();
  let draining = false;
  let onIdle: (() => void) | undefined;

  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    active.add(res);
    // a request arriving on a kept-alive connection while stopping is answered, then closed
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      active.delete(res);
      if (!draining) return;
      server.closeIdleConnections();
      if (active.size === 0) onIdle?.();
    });
  });

  return {
    inFlight: () => active.size,
    drain(graceMs, onStopped) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const res of active) if (!res.headersSent) res.shouldKeepAlive = false;
      onStopped?.(active.size);
      const finished = new Promise<void>((resolve) => {
        if (active.size === 0) resolve();
        else onIdle = resolve;
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>((resolve) => {
        timer = setTimeout(() => resolve('deadline'), graceMs);
      });
      return Promise.race([finished, deadline]).then(async (outcome) => {
        clearTimeout(timer);
        const cut = outcome === 'deadline' ? active.size : 0;
        // after the deadline, or connections that sent half a request and never the rest
        server.closeAllConnections();
        await closed;
        return { cut };
      });
    },
  };
}
