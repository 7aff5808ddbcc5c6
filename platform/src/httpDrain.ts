// Graceful close of an HTTP server: stop accepting connections, let requests in flight finish,
// and close keep-alive connections as soon as they go idle (server.close() alone waits for each
// idle one's keep-alive timeout, 65 s here). Resolves once every connection is gone; the caller's
// shutdown deadline bounds a request that never finishes.
import type http from 'node:http';

const IDLE_SWEEP_MS = 50;

export function drainHttpServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    // A response finished during the drain tells a keep-alive client not to send another on it.
    server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.setHeader('connection', 'close'));
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close((error) => {
      clearInterval(sweep);
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING') reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
