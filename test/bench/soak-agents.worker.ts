/**
 * Simulated agents of `soak.bench.ts`, in their own thread (as real agents are on their own
 * machines): one mqtt.js client per site, authenticated as that site, sending heartbeats and events
 * (fresh UUIDs, bootId, seq, uptime) for random faults, with an outbox that resends every event
 * until it is acked (protocol.md §Delivery). Some acks are ignored on purpose (a lost ack → a
 * duplicate) and some acked events are redelivered once. Receives `{ url, sites, seed, seconds,
 * windowMs }`, replies `{ ready }`, runs on `go`, then stops raising, drains the outbox and replies
 * `{ done, truth, stats, pendingLeft, elapsed, drainMs }`; keeps sending heartbeats until terminated.
 *
 * @example
 * // started by soak.bench.ts through worker_threads with the tsx loader registered
 */
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { type Condition, type EventMessage, encodeMessage, type Priority, siteTopic } from '@pbxwatch/core';
import mqtt, { type MqttClient } from 'mqtt';

/** What the bench hands to the simulator. */
export interface SoakJob {
  url: string;
  sites: { id: string; secret: string }[];
  seed: number;
  seconds: number;
  windowMs: number;
}
const job = workerData as SoakJob;
const WINDOW_MS = job.windowMs;
const BAND_MS = 700; // re-raises never land within this of the window edge (transit jitter)
const ACK_TIMEOUT_MS = 1_000;
const HEARTBEAT_MS = 2_000;
/** The conditions the soak raises. */
export const CONDS = ['pbx-down', 'stations', 'sip-down'] as const;
/** One of {@link CONDS}. */
export type Cond = (typeof CONDS)[number];

/** mulberry32: a small seeded PRNG, so the fault script is reproducible from the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(job.seed);
const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo));

/** One fault occurrence as the simulator generated it (epoch ms, agent clock = real clock). */
export interface Occurrence {
  raiseAt: number;
  clearAt: number | null;
  upgradeAt: number | null;
  /** Raised within the reopen window after the previous occurrence cleared. */
  reuse: boolean;
}
interface Pending {
  payload: string;
  lastSent: number;
  dropped?: boolean;
}
interface Site {
  id: string;
  client: MqttClient;
  bootId: string;
  bootAt: number;
  seq: number;
  outbox: Map<string, Pending>;
  active: Map<Cond, { occ: Occurrence; priority: Priority }>;
  lastClear: Map<Cond, number>;
  truth: Map<Cond, Occurrence[]>;
  redelivered: Set<string>;
}

const stats = { unique: 0, sent: 0, resent: 0, redelivered: 0, acks: 0, ackIds: 0, ignoredAcks: 0 };
const timers = new Set<NodeJS.Timeout>();
const later = (ms: number, fn: () => void) => {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
};

function publishEvent(
  site: Site,
  cond: Cond,
  change: EventMessage['change'],
  priority: Priority,
  occ: Occurrence,
) {
  const now = Date.now();
  const at =
    change === 'raised'
      ? occ.raiseAt
      : change === 'cleared'
        ? (occ.clearAt as number)
        : (occ.upgradeAt as number);
  const ev: EventMessage = {
    v: 1,
    kind: 'event',
    id: randomUUID(),
    siteId: site.id,
    bootId: site.bootId,
    seq: site.seq++,
    sentAt: new Date(now).toISOString(),
    uptimeMs: now - site.bootAt,
    condition: cond as Condition,
    change,
    priority,
    at: new Date(at).toISOString(),
    atUptimeMs: at - site.bootAt,
    detectedAt: new Date(occ.raiseAt).toISOString(),
    summary: `${cond} ${change}`,
    detail: { soak: true },
  };
  const payload = encodeMessage('events', ev);
  site.outbox.set(ev.id, { payload, lastSent: now });
  stats.unique++;
  stats.sent++;
  site.client.publish(siteTopic(site.id, 'events'), payload, { qos: 1 });
}

let stopping = false;
/** Next raise of `cond` at `site` after `delay`; keeps clear of the reopen-window edge. */
function scheduleRaise(site: Site, cond: Cond, delay: number) {
  later(delay, () => {
    if (stopping) return;
    const now = Date.now();
    // pbx-down inhibits the others (detection.md): the script keeps them apart so that every
    // occurrence it generates is expected to have a ticket.
    const blocked = cond === 'pbx-down' ? site.active.size > 0 : site.active.has('pbx-down');
    const last = site.lastClear.get(cond);
    const gap = last === undefined ? Number.POSITIVE_INFINITY : now - last;
    if (blocked) return scheduleRaise(site, cond, between(500, 3_000));
    if (Math.abs(gap - WINDOW_MS) < BAND_MS) return scheduleRaise(site, cond, WINDOW_MS + BAND_MS - gap + 50);
    const occ: Occurrence = { raiseAt: now, clearAt: null, upgradeAt: null, reuse: gap <= WINDOW_MS };
    const priority: Priority = cond === 'stations' ? 'P2' : 'P1';
    site.active.set(cond, { occ, priority });
    site.truth.get(cond)!.push(occ);
    publishEvent(site, cond, 'raised', priority, occ);
    const duration = between(500, 6_000);
    if (cond === 'stations' && rnd() < 0.4)
      later(Math.floor(duration * rnd()), () => {
        const a = site.active.get(cond);
        if (stopping || a?.occ !== occ) return;
        occ.upgradeAt = Date.now();
        a.priority = 'P1';
        publishEvent(site, cond, 'updated', 'P1', occ);
      });
    later(duration, () => {
      if (stopping) return; // left raised at the end: an open ticket to verify
      const a = site.active.get(cond)!;
      occ.clearAt = Date.now();
      site.active.delete(cond);
      site.lastClear.set(cond, occ.clearAt);
      publishEvent(site, cond, 'cleared', a.priority, occ);
      const r = rnd();
      // flap inside the window, re-raise after it, or a long quiet spell
      scheduleRaise(
        site,
        cond,
        r < 0.4
          ? between(200, WINDOW_MS - BAND_MS - 300)
          : r < 0.75
            ? between(WINDOW_MS + BAND_MS, 12_000)
            : between(8_000, 25_000),
      );
    });
  });
}

const sites: Site[] = [];
for (const { id, secret } of job.sites) {
  const client = await mqtt.connectAsync(`${job.url}`, {
    username: id,
    password: secret,
    clientId: `agent-${id}`,
    reconnectPeriod: 1_000,
  });
  const site: Site = {
    id,
    client,
    bootId: randomUUID(),
    bootAt: Date.now() - 1_000_000,
    seq: 0,
    outbox: new Map(),
    active: new Map(),
    lastClear: new Map(),
    truth: new Map(CONDS.map((c) => [c, []])),
    redelivered: new Set(),
  };
  client.on('message', (_t, p) => {
    stats.acks++;
    for (const eid of JSON.parse(p.toString()).ids as string[]) {
      const pending = site.outbox.get(eid);
      if (!pending) continue; // ack of a redelivery
      // A lost ack: the agent keeps the event and resends it after its timeout (protocol.md §Delivery).
      if (!stopping && rnd() < 0.08 && !pending.dropped) {
        pending.dropped = true;
        stats.ignoredAcks++;
        continue;
      }
      stats.ackIds++;
      site.outbox.delete(eid);
      if (!stopping && rnd() < 0.03 && !site.redelivered.has(eid)) {
        site.redelivered.add(eid);
        later(between(100, 3_000), () => {
          stats.redelivered++;
          stats.sent++;
          client.publish(siteTopic(id, 'events'), pending.payload, { qos: 1 });
        });
      }
    }
  });
  await client.subscribeAsync(siteTopic(id, 'acks'), { qos: 1 });
  sites.push(site);
}

const heartbeat = (site: Site) => {
  const now = Date.now();
  site.client.publish(
    siteTopic(site.id, 'heartbeat'),
    encodeMessage('heartbeat', {
      v: 1,
      kind: 'heartbeat',
      siteId: site.id,
      bootId: site.bootId,
      seq: site.seq++,
      sentAt: new Date(now).toISOString(),
      uptimeMs: now - site.bootAt,
      intervalMs: HEARTBEAT_MS,
      agentVersion: 'soak',
      outbox: { pending: site.outbox.size, droppedTelemetry: 0, droppedEvents: 0 },
    }),
    { qos: 0 },
  );
};
setInterval(() => sites.forEach(heartbeat), HEARTBEAT_MS);
const resend = setInterval(() => {
  const now = Date.now();
  for (const site of sites)
    for (const p of site.outbox.values())
      if (now - p.lastSent > ACK_TIMEOUT_MS) {
        p.lastSent = now;
        stats.resent++;
        stats.sent++;
        site.client.publish(siteTopic(site.id, 'events'), p.payload, { qos: 1 });
      }
}, 200);

parentPort!.postMessage({ ready: true });
parentPort!.once('message', async () => {
  sites.forEach(heartbeat);
  const started = Date.now();
  for (const site of sites) for (const c of CONDS) scheduleRaise(site, c, between(0, 10_000));
  await new Promise((r) => setTimeout(r, job.seconds * 1_000));
  stopping = true;
  for (const t of timers) clearTimeout(t);
  const drainStart = Date.now();
  while (sites.some((x) => x.outbox.size) && Date.now() - drainStart < 30_000)
    await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500)); // acks of the last redeliveries
  clearInterval(resend);
  parentPort!.postMessage({
    done: true,
    truth: sites.map((x) => ({ id: x.id, truth: [...x.truth] })),
    stats,
    pendingLeft: sites.reduce((n, x) => n + x.outbox.size, 0),
    elapsed: (Date.now() - started) / 1000,
    drainMs: Date.now() - drainStart,
  });
});
