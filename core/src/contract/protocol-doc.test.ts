import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.js';
import type { Channel } from './topics.js';

// The protocol document is the contract other implementers read: every example must stay valid.
const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
const channelOfKind: Record<string, Channel> = {
  event: 'events',
  telemetry: 'telemetry',
  heartbeat: 'heartbeat',
  status: 'status',
  ack: 'acks',
};

describe('docs/protocol.md', () => {
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string);

  it('has an example of every message kind', () => {
    const kinds = blocks.map((b) => (JSON.parse(b) as { kind: string }).kind).sort();
    expect(kinds).toEqual(Object.keys(channelOfKind).sort());
  });

  it.each(blocks.map((b, i) => [i, b] as const))('example %i validates against its schema', (_i, block) => {
    const kind = (JSON.parse(block) as { kind: string }).kind;
    const r = decodeMessage(channelOfKind[kind] as Channel, block);
    expect(r.ok ? 'ok' : r.error).toBe('ok');
  });
});
