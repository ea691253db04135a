import dgram from 'node:dgram';

/**
 * A dgram module for net-snmp's Receiver that binds exactly `port` (0 included: net-snmp itself
 * turns 0 into 162) and reports the bound port and bind errors. `decorate` may adjust each socket
 * before net-snmp uses it (the PBX simulator gates its datagrams this way).
 * @example
 * const d = boundDgram(0, '127.0.0.1');
 * snmp.createReceiver({ port: 1, address: '127.0.0.1', dgramModule: d.module }, cb);
 * const port = await d.bound;
 */
export function boundDgram(
  port: number,
  address: string | undefined,
  decorate?: (socket: dgram.Socket) => void,
): { module: { createSocket(type: dgram.SocketType): dgram.Socket }; bound: Promise<number> } {
  let resolveBound!: (p: number) => void;
  let rejectBound!: (e: Error) => void;
  const bound = new Promise<number>((res, rej) => {
    resolveBound = res;
    rejectBound = rej;
  });
  const module = {
    createSocket(type: dgram.SocketType) {
      const socket = dgram.createSocket(type);
      const realBind = socket.bind.bind(socket) as (port: number, address?: string) => dgram.Socket;
      socket.once('listening', () => resolveBound(socket.address().port));
      socket.once('error', (e) => rejectBound(e));
      (socket as unknown as { bind: () => dgram.Socket }).bind = () => realBind(port, address);
      decorate?.(socket);
      return socket;
    },
  };
  return { module, bound };
}
