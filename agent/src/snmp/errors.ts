import snmp from 'net-snmp';

/**
 * Every SNMP call resolves to a value: never a throw, never a hang past its timeout.
 * @example
 * const r: SnmpResult<number> = { ok: false, error: 'timeout: Request timed out' };
 */
export type SnmpResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Turns a net-snmp error into a short reason for `SnmpPollResult.error`.
 * @example
 * describeSnmpError(new Error('Request timed out')); // 'timeout: Request timed out'
 */
export function describeSnmpError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'RequestTimedOutError') return `timeout: ${err.message}`;
  if (err.name === 'RequestFailedError') {
    const status = (err as snmp.RequestFailedError).status;
    const name = snmp.ErrorStatus[status] ?? String(status);
    return `error-status ${name}: ${err.message}`;
  }
  if (err.name === 'ResponseInvalidError') {
    const code = (err as snmp.ResponseInvalidError).code;
    if (code === snmp.ResponseInvalidCode.EAuthFailure) return `auth: ${err.message}`;
    if (code === snmp.ResponseInvalidCode.ECouldNotDecrypt) return `decrypt: ${err.message}`;
    return `invalid response: ${err.message}`;
  }
  return err.message;
}
