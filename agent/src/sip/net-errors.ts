/**
 * Naming transport errors the way the detector and the NOC read them.
 */

const KINDS: Record<string, string> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
};

/**
 * A short error text that starts with its kind (`refused`, `unreachable`, `reset`, `timeout`, `dns`,
 * `tls`, else `network`) followed by the details.
 * @example
 * describeNetError(err, '10.0.0.5:5060'); // 'refused (ECONNREFUSED 10.0.0.5:5060)'
 */
export function describeNetError(err: unknown, where: string, tlsPhase = false): string {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? '';
  const kind = KINDS[code];
  if (kind) return `${kind} (${code} ${where})`;
  const message = e instanceof Error ? e.message : String(err);
  if (tlsPhase || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /CERT|SELF_SIGNED/.test(code)) {
    return `tls (${code ? `${code}: ` : ''}${message} ${where})`;
  }
  return `network (${code ? `${code}: ` : ''}${message} ${where})`;
}
