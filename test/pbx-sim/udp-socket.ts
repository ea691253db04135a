import dgram from 'node:dgram';

/**
 * A dgram module for net-snmp's Agent/Receiver that binds the port we choose (0 allowed).
 * @example
 * gate.setOpen(false); // the agent stops answering
 */
export interface GatedDgram {
  /** Pass as `dgramModule` to `snmp.createAgent` / `snmp.createReceiver`. */
  module: { createSocket(type: dgram.SocketType): dgram.Socket };
  /** Resolves with the bound port once the socket listens. */
  bound: Promise<number>;
  /** While false, datagrams are dropped before net-snmp sees them (a PBX that stopped answering). */
  setOpen(open: boolean): void;
}

/**
 * net-snmp's Listener turns port 0 into 161 (`port || 161`), so it cannot bind an ephemeral port
 * itself. This wrapper hands it a socket whose `bind()` ignores the requested port and binds
 * `port` instead, and whose message handlers can be gated.
 * @example
 * const d = gatedDgram(0, '127.0.0.1');
 * const agent = snmp.createAgent({ port: 1, address: '127.0.0.1', dgramModule: d.module }, () => {});
 * const port = await d.bound;
 */
export function gatedDgram(port: number, address: string): GatedDgram {
  let open = true;
  let resolveBound!: (p: number) => void;
  let rejectBound!: (e: Error) => void;
  const bound = new Promise<number>((res, rej) => {
    resolveBound = res;
    rejectBound = rej;
  });
  const module = {
    createSocket(type: dgram.SocketType) {
      const socket = dgram.createSocket(type);
      const realBind = socket.bind.bind(socket) as (port: number, address: string) => dgram.Socket;
      socket.once('listening', () => resolveBound(socket.address().port));
      socket.once('error', (e) => rejectBound(e));
      (socket as unknown as { bind: () => dgram.Socket }).bind = () => realBind(port, address);
      const realOn = socket.on.bind(socket) as (ev: string, fn: (...a: unknown[]) => void) => dgram.Socket;
      (socket as unknown as { on: typeof realOn }).on = (ev, fn) =>
        ev === 'message' ? realOn(ev, (...a) => open && fn(...a)) : realOn(ev, fn);
      return socket;
    },
  };
  return { module, bound, setOpen: (o) => (open = o) };
}
