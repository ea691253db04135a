/**
 * SLA clock benchmark: evaluates every objective of 10,000 open tickets on business calendars with
 * holidays (a mix of presets, detections spread over ~3 months, some pauses, acknowledgements and
 * priority changes), as the console does on each refresh. Goal: >= 100,000 ticket evaluations/s on
 * one core (under 100 ms per 10,000). Also times `nextStateChange` over the same tickets.
 *
 * @example
 * npx tsx test/bench/sla-clock.bench.ts
 */
import { performance } from 'node:perf_hooks';
import {
  evaluateTicket,
  getPreset,
  nextStateChange,
  type Pause,
  type Priority,
  type TicketFacts,
} from '../../core/src/index.js';

const TICKETS = 10_000;
const RUNS = 15;
const GOAL_PER_S = 100_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Deterministic PRNG (mulberry32) so every run measures the same tickets.
let seed = 0x5eed;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const plans = ['ipcelerate', 'roi-priority', 'presence-ipecs', 'roi-spp', 'ipcelerate', 'roi-spp-sa'].map(
  getPreset,
);
const now = Date.parse('2026-12-15T15:00:00Z');

function makeTicket(): TicketFacts {
  const plan = pick(plans);
  const detectedAt = now - Math.floor(rand() * 100 * DAY);
  const priority: Priority = pick(['P1', 'P2', 'P2', 'P3', 'P4']);
  const priorityHistory = [{ at: detectedAt, priority }];
  if (priority !== 'P1' && rand() < 0.1)
    priorityHistory.push({ at: detectedAt + Math.floor(rand() * HOUR), priority: 'P1' });
  const pauses: Pause[] = [];
  const r = rand();
  if (r < 0.3) {
    const from = detectedAt + Math.floor(rand() * 2 * DAY);
    pauses.push({
      from,
      to: from + Math.floor(rand() * 6 * HOUR) + 60_000,
      reason: 'customer-access',
      actor: 'noc:bench',
      createdAt: from,
    });
  } else if (r < 0.4) {
    const from = detectedAt + Math.floor(rand() * DAY);
    pauses.push({ from, to: null, reason: 'customer-request', actor: 'noc:bench', createdAt: from });
  }
  const acknowledgedAt = rand() < 0.4 ? detectedAt + Math.floor(rand() * 3 * HOUR) : null;
  return { plan, detectedAt, priorityHistory, pauses, acknowledgedAt, at: now };
}

const tickets = Array.from({ length: TICKETS }, makeTicket);
let sink = 0;
const evaluateAll = () => {
  for (const t of tickets) for (const o of evaluateTicket(t)) sink += o.elapsedSeconds;
};

// First pass: includes building and caching each calendar's months of open intervals.
let t0 = performance.now();
evaluateAll();
const coldMs = performance.now() - t0;

const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  evaluateAll();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const medianMs = times[Math.floor(times.length / 2)] as number;
const perSecond = (TICKETS / medianMs) * 1000;
const objectives = tickets.reduce((n, t) => n + evaluateTicket(t).length, 0);

const nextTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  t0 = performance.now();
  for (const t of tickets) sink += nextStateChange(t)?.at ?? 0;
  nextTimes.push(performance.now() - t0);
}
nextTimes.sort((a, b) => a - b);
const nextMs = nextTimes[2] as number;

const f = (n: number, d = 1) => n.toFixed(d);
console.log(
  `tickets: ${TICKETS} (${objectives} objectives), presets: ${[...new Set(plans.map((p) => p.name))].join(', ')}`,
);
console.log(`first pass (builds calendar months): ${f(coldMs)} ms per ${TICKETS}`);
console.log(
  `evaluateTicket: ${f(medianMs)} ms per ${TICKETS} (median of ${RUNS}), ${f(perSecond, 0)} evaluations/s`,
);
console.log(
  `goal ${GOAL_PER_S} evaluations/s: ratio ${f(perSecond / GOAL_PER_S, 2)} (${perSecond >= GOAL_PER_S ? 'met' : 'NOT met'})`,
);
console.log(`nextStateChange: ${f(nextMs)} ms per ${TICKETS}, ${f((TICKETS / nextMs) * 1000, 0)} tickets/s`);
if (sink === Number.MIN_VALUE) console.log('');
