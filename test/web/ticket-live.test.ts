/**
 * The ticket page stays current on its own, in chromium against a real console: another engineer's
 * action appears without a reload, a form being filled in is never swapped away, and the event
 * stream names the tickets that changed so a ticket page ignores the others.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectAgent, makeEvent, publishEvent, until } from '../console/console-fixture.js';
import { OUT, useWebFixture } from './web-fixture.js';

const w = useWebFixture();

/** Raises `condition` for acme-hq through the embedded broker and returns its ticket id. */
async function raise(condition: 'pbx-down' | 'sip-slow'): Promise<number> {
  w.agent ??= await connectAgent(w.f, 'acme-hq', w.secret);
  const priority = condition === 'pbx-down' ? 'P1' : 'P3';
  const ev = makeEvent(w.f, w.agent, { condition, change: 'raised', priority });
  await publishEvent(w.agent, ev);
  await w.agent.waitForAck(ev.id);
  return until(() => w.f.app.services.ticketRepo.findLive('acme-hq', condition)?.id);
}

/** Opens the ticket page and waits for its event stream (its first refresh follows the stream's open). */
async function openTicket(id: number): Promise<void> {
  const streamed = w.page.waitForResponse((r) => r.url().endsWith(`/ui/fragments/tickets/${id}`));
  await w.page.goto(`${w.f.http}/tickets/${id}`);
  await streamed;
  await w.page.evaluate(() => {
    (globalThis as { loadedOnce?: boolean }).loadedOnce = true;
  });
}

describe('ticket page live updates', () => {
  it("shows another engineer's acknowledgement without a reload", async () => {
    const id = await raise('pbx-down');
    await w.login();
    await openTicket(id);
    await w.page.getByRole('button', { name: 'Acknowledge' }).waitFor();

    w.f.app.services.tickets.acknowledge(id, 'bob');
    await w.page.locator('#live dd', { hasText: 'bob' }).waitFor();
    expect(await w.page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await w.page.locator('#live ol li', { hasText: 'acknowledged' }).count()).toBe(1);
    // The same document: the flag set after it loaded is still there.
    expect(await w.page.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    await w.page.screenshot({ path: join(OUT, 'ticket-live.png'), fullPage: true });
  });

  it('holds the update while a note is being typed, says so, and loses nothing when it is sent', async () => {
    const id = await raise('pbx-down');
    await w.login();
    await openTicket(id);
    await w.page.locator('#note-text').fill('Customer lets us in at 10:00');

    w.f.app.services.tickets.note(id, 'bob', 'Parts ordered');
    await w.page.locator('#live-held').waitFor({ state: 'visible' });
    expect(await w.page.locator('#note-text').inputValue()).toBe('Customer lets us in at 10:00');
    expect(await w.page.locator('#live ol li', { hasText: 'Parts ordered' }).count()).toBe(0);

    await w.page.getByRole('button', { name: 'Add note' }).click();
    await w.page.locator('#live ol li', { hasText: 'Customer lets us in at 10:00' }).waitFor();
    expect(await w.page.locator('#live ol li', { hasText: 'Parts ordered' }).count()).toBe(1);
    expect(await w.page.locator('#live-held').isHidden()).toBe(true);
  });

  it('names the changed tickets in each live event', async () => {
    const first = await raise('pbx-down');
    await w.login();
    await openTicket(first);
    // A second listener on the same stream, to read what the page's script is told.
    await w.page.evaluate(() => {
      const got: string[] = [];
      (globalThis as { liveEvents?: string[] }).liveEvents = got;
      const es = new EventSource('/ui/events');
      es.addEventListener('ticket', (e) => got.push((e as MessageEvent).data));
      return new Promise((r) => es.addEventListener('open', r));
    });
    const second = await raise('sip-slow');
    expect(second).not.toBe(first);
    await expect
      .poll(() => w.page.evaluate(() => (globalThis as { liveEvents?: string[] }).liveEvents))
      .toContainEqual(JSON.stringify({ ids: [second] }));
  });
});
