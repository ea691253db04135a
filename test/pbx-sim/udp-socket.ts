import type dgram from 'node:dgram';
import { boundDgram } from '../../agent/src/traps/bound-dgram.js';

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
 * itself. The agent's {@link boundDgram} hands it a socket bound to `port`; this adds a gate on
 * its message handlers.
 * @example
 * const d = gatedDgram(0, '127.0.0.1');
 * const agent = snmp.createAgent({ port: 1, address: '127.0.0.1', dgramModule: d.module }, () => {});
 * const port = await d.bound;
 */
export function gatedDgram(port: number, address: string): GatedDgram {
  let open = true;
  const { module, bound } = boundDgram(port, address, (socket) => {
    const realOn = socket.on.bind(socket) as (ev: string, fn: (...a: unknown[]) => void) => dgram.Socket;
    (socket as unknown as { on: typeof realOn }).on = (ev, fn) =>
      ev === 'message' ? realOn(ev, (...a) => open && fn(...a)) : realOn(ev, fn);
  });
  return {
    module,
    bound,
    setOpen: (o) => {
      open = o;
    },
  };
}
