import { createServer, type Server } from 'node:http';
import { type BrokerMetrics, renderPrometheus } from './broker-metrics.js';

/**
 * A tiny HTTP server answering `GET /metrics` in Prometheus text format; anything else is 404.
 * @example
 * const server = await serveMetrics(() => broker.metrics(), '127.0.0.1', 9464);
 * // later: server.close()
 */
export async function serveMetrics(source: () => BrokerMetrics, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(renderPrometheus(source()));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
