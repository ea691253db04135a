/**
 * The whole path with real parts: simulated IP Office (UDP SNMP + SIP) → the built agent process →
 * MQTT over TCP (the console's embedded broker) → ingest → ticket in a SQLite file → email notice
 * delivered to a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../console/src/notices/test-helpers/smtp-sink.js';
import { formatInstant } from '../../console/src/notices/time-format.js';
import { startPbxSim } from '../pbx-sim/index.js';
import {
  api,
  buildDist,
  HOUR,
  SITE,
  seedSite,
  spawnAgent,
  startE2eConsole,
  tempDir,
  until,
  writeAgentConfig,
  ZONE,
} from './e2e-harness.js';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
beforeAll(() => buildDist());

describe('PBX → agent → broker → console → notice', () => {
  it('80% stations down opens a P1 with the agent detection time and roi-priority clocks, mails, restores', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const smtp = await startSmtpSink();
    cleanups.push(smtp.close);
    const c = await startE2eConsole({ dataDir: tmp.dir, smtpPort: smtp.port });
    cleanups.push(() => c.app.stop());
    const secret = await seedSite(c);
    const pbx = await startPbxSim({ count: 20 });
    cleanups.push(pbx.close);
    const agent = spawnAgent(writeAgentConfig(tmp.dir, pbx, c.mqttUrl), secret);
    cleanups.push(() => agent.kill());
    await agent.waitLog('connected to broker');
    await until(async () => (await api(c.http, `/api/v1/sites/${SITE}`)).online, 10_000, 'site online');

    const downAt = Date.now();
    pbx.setStationsDown({ ratio: 0.8 });
    const listed = await until(
      async () => (await api(c.http, `/api/v1/tickets?site=${SITE}&condition=stations`)).items[0],
      15_000,
      'stations ticket',
    );
    const t = await api(c.http, `/api/v1/tickets/${listed.id}`);
    expect(t).toMatchObject({ condition: 'stations', priority: 'P1', state: 'open', timeCorrected: false });

    // detectedAt = the agent's first bad poll: after the stations went down, at least one poll
    // interval (200 ms) before the second bad poll that raised it, and the agent event's detectedAt.
    const ev = c.app.services.db
      .prepare("SELECT * FROM events WHERE ticket_id = ? AND change = 'raised'")
      .get(t.id) as { detected_at: number; agent_at: number; at: number; received_at: number };
    const detectedAt = Date.parse(t.detectedAt);
    expect(detectedAt).toBe(ev.detected_at);
    expect(detectedAt).toBeGreaterThanOrEqual(downAt);
    expect(ev.agent_at).toBe(detectedAt); // a raise is dated from its first bad poll
    expect(ev.received_at - detectedAt).toBeGreaterThanOrEqual(190); // raiseAfter 2: not the raising poll
    expect(ev.received_at - detectedAt).toBeLessThan(2_000);
    const opened = t.timeline.find((e: { type: string }) => e.type === 'opened');
    expect(Date.parse(opened.at)).toBeGreaterThanOrEqual(detectedAt);
    expect(Date.parse(opened.at)).toBeLessThanOrEqual(ev.received_at);

    // roi-priority P1: response 1 h, resolution 4 h, on the clock, from detectedAt
    expect(t.planVersionId).not.toBeNull();
    expect(Object.keys(t.sla).sort()).toEqual(['resolution', 'response']);
    expect(Date.parse(t.sla.response.dueAt)).toBe(detectedAt + HOUR);
    expect(Date.parse(t.sla.resolution.dueAt)).toBe(detectedAt + 4 * HOUR);

    await until(() => smtp.mails.length >= 1, 10_000, 'opened notice');
    const mail = smtp.mails[0]!;
    expect(mail.envelopeTo).toEqual(['it@acme.test']);
    expect(mail.subject).toBe('[P1] Phone system problem at Acme HQ');
    const style = { zone: ZONE };
    const respondBy = formatInstant(detectedAt + HOUR, style, Date.parse(opened.at));
    const restoreBy = formatInstant(detectedAt + 4 * HOUR, style, Date.parse(opened.at));
    expect(respondBy).toMatch(/\d\d:\d\d P[SD]T/);
    expect(mail.text).toContain(`we will respond by ${respondBy} and aim to restore service by ${restoreBy}`);

    pbx.setStationsDown(0);
    const restored = await until(
      async () => {
        const x = await api(c.http, `/api/v1/tickets/${t.id}`);
        return x.state === 'restored' && x;
      },
      15_000,
      'restored',
    );
    const cleared = c.app.services.db
      .prepare("SELECT at FROM events WHERE ticket_id = ? AND change = 'cleared'")
      .get(t.id) as { at: number };
    expect(Date.parse(restored.restoredAt)).toBe(cleared.at);
    expect(restored.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'restored']);
    await until(() => smtp.mails.length >= 2, 10_000, 'restored notice');
    expect(smtp.mails[1]!.subject).toBe('Service restored: phone system at Acme HQ');
    expect(smtp.mails[1]!.text).toContain(`restored at ${formatInstant(cleared.at, style)}`);
  });
});
