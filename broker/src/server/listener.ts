import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Logger } from 'pino';
import type { ListenerOptions } from './broker-options.js';

/**
 * A bound listener.
 * @example
 * const l: OpenListener = await openListener(options, onSocket, logger, 10_000, onTlsError);
 * await l.close();
 */
export interface OpenListener {
  protocol: 'tcp' | 'tls';
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Opens one TCP or TLS listener and hands each accepted (for TLS: handshaken) socket to `onSocket`.
 * @example
 * const l = await openListener({ protocol: 'tcp', host: '127.0.0.1', port: 0 }, handle, logger, 10_000, onTlsError);
 * l.port; // the real port
 */
export async function openListener(
  options: ListenerOptions,
  onSocket: (socket: Socket, certRequired: boolean) => void,
  logger: Logger,
  handshakeTimeoutMs: number,
  onTlsError: (err: Error) => void,
): Promise<OpenListener> {
  let server: Server;
  const certRequired = options.protocol === 'tls' && options.tls?.requireClientCert === true;
  if (options.protocol === 'tls') {
    const t = options.tls;
    if (!t) throw new Error('listener: protocol tls needs tls.certFile and tls.keyFile');
    if (t.requireClientCert && !t.caFile) throw new Error('listener: tls.requireClientCert needs tls.caFile');
    const tlsServer = createTlsServer(
      {
        cert: readFileSync(t.certFile),
        key: readFileSync(t.keyFile),
        ca: t.caFile ? readFileSync(t.caFile) : undefined,
        requestCert: certRequired,
        rejectUnauthorized: certRequired,
        minVersion: 'TLSv1.2',
        handshakeTimeout: handshakeTimeoutMs,
      },
      (socket) => onSocket(socket, certRequired),
    );
    tlsServer.on('tlsClientError', (err) => onTlsError(err));
    server = tlsServer;
  } else {
    server = createServer((socket) => onSocket(socket, false));
  }
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) =>
    logger.error({ err: err.message, protocol: options.protocol }, 'listener error'),
  );
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port;
  logger.info({ protocol: options.protocol, host, port, clientCert: certRequired }, 'listening');
  return {
    protocol: options.protocol,
    host,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
