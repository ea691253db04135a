/**
 * `pbxwatch-agent probe` as a technician runs it on site: the built bin against the PBX simulator
 * and the real pbxwatch broker (per-site scrypt credentials and topic ACLs). The report says whether
 * the agent's own account can log in and subscribe to its acks, without a trace for the console,
 * and the exit status says whether anything needs a look.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, startBroker } from '../../broker/src/test-helpers/broker-fixture.js';
import { type PbxSim, startPbxSim } from '../pbx-sim/index.js';
import { buildAgent, runAgentCli, SITE, tempDir, writeAgentConfig } from './agent-fixtures.js';

const store = new MemoryStore();
const secrets: Record<string, string> = {};
let broker: Awaited<ReturnType<typeof startBroker>>;
let pbx: PbxSim;
let tmp: ReturnType<typeof tempDir>;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  buildAgent();
  secrets[SITE] = await store.add(SITE);
  secrets['other-site'] = await store.add('other-site');
  secrets.noc = await store.add('noc', 'console');
  broker = await startBroker(store);
  pbx = await startPbxSim({ count: 20 });
  tmp = tempDir('pbxw-probe-');
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await pbx.close();
  await broker.broker.stop();
  tmp.remove();
});

/** Runs probe (asynchronously: the simulator answers from this process) and returns exit code and output. */
async function probe(o: { password: string; url?: string; username?: string }) {
  const config = writeAgentConfig(tmp.dir, pbx, o.url ?? broker.url);
  // The technician's slip: another site's account in this site's config.
  if (o.username)
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('broker: {', `broker: { username: ${o.username},`),
    );
  return runAgentCli(['probe', '--config', config], o.password);
}

describe('pbxwatch-agent probe: the broker login', () => {
  it("logs in with the site's account, publishes nothing, leaves a running service connected, exits 0", async () => {
    // The console's view of the site, and a stand-in for the service already running on the gateway.
    const seen: string[] = [];
    const noc = await mqtt.connectAsync(broker.url, {
      username: 'noc',
      password: secrets.noc,
      reconnectPeriod: 0,
    });
    cleanups.push(() => noc.endAsync(true));
    noc.on('message', (topic) => seen.push(topic));
    await noc.subscribeAsync(`pbxwatch/v1/sites/${SITE}/#`, { qos: 1 });
    const service = await mqtt.connectAsync(broker.url, {
      username: SITE,
      password: secrets[SITE],
      clientId: `pbxwatch-agent-${SITE}`,
      reconnectPeriod: 0,
    });
    cleanups.push(() => service.endAsync(true));
    let serviceClosed = false;
    service.on('close', () => {
      serviceClosed = true;
    });

    const r = await probe({ password: secrets[SITE]! });
    expect(r.out).toMatch(
      new RegExp(
        `^Broker \\(NOC\\)\\n {2}logged in to mqtt://127\\.0\\.0\\.1:${broker.port} as ${SITE} in \\d+ ms; acks subscription granted$`,
        'm',
      ),
    );
    expect(r.out).toMatch(/none: all clear/);
    expect(r.code).toBe(0);
    // A round trip through the broker after the probe: anything the probe published would be ahead of it.
    await service.publishAsync(`pbxwatch/v1/sites/${SITE}/heartbeat`, 'marker', { qos: 1 });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen).toEqual([`pbxwatch/v1/sites/${SITE}/heartbeat`]);
    expect(serviceClosed).toBe(false);
    expect(service.connected).toBe(true);
  });

  it('names a wrong password and what to check, and exits 3', async () => {
    const r = await probe({ password: 'not-the-secret' });
    expect(r.out).toMatch(
      /NOT LOGGED IN: mqtt:\/\/127\.0\.0\.1:\d+ as acme-hq: .*(Bad username or password|Not authorized)/,
    );
    expect(r.out).toMatch(/-> check broker\.username and broker\.password/);
    // The PBX side is still reported in full.
    expect(r.out).toMatch(/SIP OPTIONS to the PBX\n {2}answered 200 OK/);
    expect(r.code).toBe(3);
  });

  it("says when the account logs in but is another site's (the acks subscription is refused)", async () => {
    const r = await probe({ password: secrets['other-site']!, username: 'other-site' });
    expect(r.out).toMatch(
      /ACKS REFUSED: .* as other-site: subscription to pbxwatch\/v1\/sites\/acme-hq\/acks refused/,
    );
    expect(r.out).toMatch(/does not own this site/);
    expect(r.code).toBe(3);
  });

  it('says nothing listens when the broker port is closed', async () => {
    const gone = await startBroker(store);
    await gone.broker.stop();
    const port = gone.port;
    const r = await probe({ password: secrets[SITE]!, url: `mqtt://127.0.0.1:${port}` });
    expect(r.out).toMatch(/NOT LOGGED IN: .*ECONNREFUSED/);
    expect(r.out).toMatch(/-> nothing listens there/);
    expect(r.code).toBe(3);
  });

  it('exits 3 when the PBX poll would raise a condition, even with the broker fine', async () => {
    pbx.setSnmpAnswering(false);
    cleanups.push(() => pbx.setSnmpAnswering(true));
    const r = await probe({ password: secrets[SITE]! });
    expect(r.out).toMatch(/acks subscription granted/);
    expect(r.out).toMatch(/P3 snmp-down: SNMP unanswered/);
    expect(r.code).toBe(3);
  });
});
