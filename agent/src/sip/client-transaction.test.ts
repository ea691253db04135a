import { describe, expect, it } from 'vitest';
import { ClientTransaction, type TransactionOutcome } from './client-transaction.js';
import { parseSipMessage, type SipMessage } from './sip-message.js';
import { nextTimerE, T1_MS, T2_MS, TIMER_F_MS } from './sip-timers.js';
import { manualTimers } from './test-helpers/manual-timers.js';

function response(status: number): SipMessage {
  const r = parseSipMessage(
    `SIP/2.0 ${status} X\r\nVia: SIP/2.0/UDP h:1;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n`,
  );
  if (!r.ok) throw new Error(r.error);
  return r.message;
}

function setup(unreliable: boolean, timeoutMs: number) {
  const t = manualTimers();
  const sends: number[] = [];
  const outcomes: TransactionOutcome[] = [];
  const tx = new ClientTransaction({
    unreliable,
    timeoutMs,
    timers: t,
    clock: t,
    send: () => sends.push(t.now()),
    onDone: (o) => outcomes.push(o),
  });
  return { t, sends, outcomes, tx };
}

describe('nextTimerE', () => {
  it('doubles from T1 to T2 in Trying and is T2 in Proceeding (RFC 3261 §17.1.2.2)', () => {
    const seq = [T1_MS];
    while (seq.length < 6) seq.push(nextTimerE(seq.at(-1)!, 'trying'));
    expect(seq).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(nextTimerE(500, 'proceeding')).toBe(T2_MS);
  });
});

describe('ClientTransaction over UDP', () => {
  it('retransmits at 0, 0.5, 1.5, 3.5 s and times out at the default 5 s', () => {
    const { t, sends, outcomes, tx } = setup(true, 5000);
    tx.start();
    t.advance(4999);
    expect(sends).toEqual([0, 500, 1500, 3500]);
    expect(outcomes).toHaveLength(0);
    t.advance(1);
    expect(outcomes).toEqual([{ error: 'timeout', elapsedMs: 5000, retransmissions: 3, provisional: false }]);
    expect(t.pending()).toBe(0);
  });

  it('keeps retransmitting every T2 up to Timer F = 32 s, whatever the timeout asked', () => {
    const { t, sends, outcomes, tx } = setup(true, 60_000);
    tx.start();
    t.advance(60_000);
    // 0, .5, 1.5, 3.5, then every 4 s: 7.5 … 31.5
    expect(sends).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(outcomes[0]).toMatchObject({ error: 'timeout', elapsedMs: TIMER_F_MS, retransmissions: 10 });
  });

  it('goes on at T2 after a provisional response, and ends on the final one', () => {
    const { t, sends, outcomes, tx } = setup(true, 20_000);
    tx.start();
    t.advance(100);
    tx.receive(response(100));
    t.advance(400); // Timer E (T1) still fires in Proceeding, then is reset to T2
    t.advance(8000);
    expect(sends).toEqual([0, 500, 4500, 8500]);
    tx.receive(response(404));
    expect(outcomes).toEqual([
      {
        response: expect.objectContaining({ status: 404 }),
        elapsedMs: 8500,
        retransmissions: 3,
        provisional: true,
      },
    ]);
    t.advance(30_000);
    expect(sends).toHaveLength(4);
    expect(outcomes).toHaveLength(1);
  });

  it('reports a transport error once and ignores later responses', () => {
    const { t, outcomes, tx } = setup(true, 5000);
    tx.start();
    t.advance(10);
    tx.fail('refused (ECONNREFUSED 127.0.0.1:9)');
    tx.receive(response(200));
    t.advance(10_000);
    expect(outcomes).toEqual([
      { error: 'refused (ECONNREFUSED 127.0.0.1:9)', elapsedMs: 10, retransmissions: 0, provisional: false },
    ]);
  });

  it('ends with the send error when the first send throws', () => {
    const t = manualTimers();
    const outcomes: TransactionOutcome[] = [];
    const tx = new ClientTransaction({
      unreliable: true,
      timeoutMs: 5000,
      timers: t,
      clock: t,
      send: () => {
        throw new Error('EBADF');
      },
      onDone: (o) => outcomes.push(o),
    });
    tx.start();
    expect(outcomes).toMatchObject([{ error: 'EBADF' }]);
    expect(t.pending()).toBe(0);
  });
});

describe('ClientTransaction over TCP/TLS', () => {
  it('never retransmits (RFC 3261 §17.1.2.2: Timer E only for unreliable transports)', () => {
    const { t, sends, outcomes, tx } = setup(false, 5000);
    tx.start();
    t.advance(5000);
    expect(sends).toEqual([0]);
    expect(outcomes[0]).toMatchObject({ error: 'timeout', retransmissions: 0 });
  });
});
