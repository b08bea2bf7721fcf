// Scheduled events end to end (docs/protocol.md, "Events"): A, in Rome, schedules an
// event through the hallway's form; its calendar file parses with Python's icalendar
// and names the same instant; B, in New York, who follows A, sees it in the upcoming
// strip, asks to be notified and opens its page; A starts it, and B joins the room from
// the "started" banner with one tap. Users sign up over a raw socket.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { member } = require('./lib/ui');
const { RawClient, signUpChain } = require('./lib/wsclient');

// The local "YYYY-MM-DDTHH:MM" of unix time `seconds` in `timeZone`, by the ICU data
// Node carries (not the server's tz code).
function localIn(seconds, timeZone) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(seconds * 1000));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

// Parses an .ics text with Python's icalendar (Debian's python3-icalendar, hence
// Debian's python3); returns the VEVENT's fields.
function parseIcs(text) {
  const script = [
    'import sys, json, icalendar',
    'cal = icalendar.Calendar.from_ical(sys.stdin.read())',
    'ev = [c for c in cal.walk() if c.name == "VEVENT"][0]',
    'print(json.dumps({"summary": str(ev["SUMMARY"]), "url": str(ev["URL"]),',
    '  "status": str(ev["STATUS"]), "uid": str(ev["UID"]),',
    '  "start": int(ev.decoded("DTSTART").timestamp()),',
    '  "end": int(ev.decoded("DTEND").timestamp())}))',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: text }).toString());
}

describe('scheduled events in two browsers', { timeout: 150000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  const users = {};
  let A, B;
  let event;
  const title = 'Poesia del lunedì — ЛИРИКА';

  before(async () => {
    server = await startServer('events');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('A and B sign up over a raw socket; B follows A', async () => {
    [users.A, users.B] = await signUpChain(server.wsUrl, server.invite, [
      { handle: 'poeta', name: 'Paola Poeta', password: 'versi-liberi-11' },
      { handle: 'bruno', name: 'Bruno Lettore', password: 'ascolto-sempre-22' },
    ]);
    const b = await RawClient.connect(server.wsUrl, 'B-raw');
    await b.hello();
    await b.signIn({ t: 'resume', token: users.B.token });
    b.send({ t: 'follow', user: users.A.id });
    await b.take((m) => m.t === 'social', 'B\'s social state after following');
    b.close();
  });

  step('A (in Rome) schedules an event from the hallway; the form starts in A\'s zone', async () => {
    A = await Client.launchSignedIn('events-A', users.A.token, [], { timezoneId: 'Europe/Rome' });
    clients.push(A);
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'A in the hallway');
    await A.click('hallway.schedule_event');
    await A.waitFor((s) => s.events.form.open, 'the scheduling form');
    await A.type('events.form.title', title);
    await A.type('events.form.description', 'Letture ad alta voce.');
    await A.click('events.form.submit');
    const s = await A.waitFor((st) => st.screen === 'event' && st.events.shown, 'A on the event page');
    event = s.events.shown;
    assert.equal(event.title, title);
    assert.equal(event.time_zone, 'Europe/Rome', 'the browser\'s zone');
    assert.match(event.local_start, /^\d{4}-\d{2}-\d{2}T18:00$/);
    assert.equal(localIn(event.starts, 'Europe/Rome'), event.local_start,
      'the instant is 18:00 in Rome by an independent clock');
    assert.deepEqual(event.hosts.map((h) => h.handle), ['poeta']);
    assert.ok(event.starts > Date.now() / 1000, 'in the future');
    const address = await A.page.evaluate(() => location.pathname);
    assert.equal(address, `/e/${event.id}`);
    assert.ok((await A.widgets())['event.calendar'], 'an "Add to calendar" button');
  });

  step('the event\'s calendar file parses with icalendar and names the same instant', async () => {
    const res = await fetch(new URL(`/e/${event.id}.ics`, server.url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/calendar/);
    assert.match(res.headers.get('content-disposition'), /attachment/);
    const ics = parseIcs(await res.text());
    assert.equal(ics.summary, title);
    assert.equal(ics.start, event.starts);
    assert.equal(ics.end - ics.start, 3600);
    assert.equal(ics.status, 'CONFIRMED');
    assert.ok(ics.url.endsWith(`/e/${event.id}`), ics.url);
    assert.equal((await fetch(new URL('/e/nosuchevent.ics', server.url))).status, 404);
  });

  step('B (in New York) sees it upcoming, asks to be notified and opens its page', async () => {
    B = await Client.launchSignedIn('events-B', users.B.token, [], { timezoneId: 'America/New_York' });
    clients.push(B);
    await B.open(server.url);
    await B.waitFor((s) => s.screen === 'hallway' && s.events.upcoming.some((e) => e.id === event.id),
      'the event in B\'s upcoming strip');
    await B.screenshot('events-hallway-B');
    await B.click(`hallway.event_notify.${event.id}`);
    await B.waitFor((s) => s.events.notify.includes(event.id), 'B notified of the event');
    await B.click(`hallway.event.${event.id}`);
    const s = await B.waitFor((st) => st.screen === 'event' && st.events.shown, 'B on the event page');
    assert.equal(s.events.shown.interested, 1);
    await B.screenshot('events-page-B');
    await B.click('event.back');
    await B.waitFor((st) => st.screen === 'hallway', 'B back in the hallway');
  });

  step('A starts the event; B joins from the banner with one tap', async () => {
    await A.click('event.start');
    const sa = await A.waitFor((s) => s.screen === 'room' && s.room && s.room.title === title,
      'A in the event\'s room');
    const room = sa.room.id;
    const sb = await B.waitFor((s) => s.notifications.some((n) => n.kind === 'event_started' && n.event === event.id),
      'B notified that the event started');
    const n = sb.notifications.find((x) => x.kind === 'event_started');
    assert.equal(n.room, room);
    assert.equal(n.from.handle, 'poeta');
    await B.click(`hallway.event_join.${event.id}`);
    await B.waitFor((s) => s.screen === 'room' && s.room && s.room.id === room, 'B in the event\'s room');
    await A.waitFor((s) => member(s, users.B.id), 'B among the room\'s members at A');
    await B.waitFor((s) => !s.events.upcoming.some((e) => e.id === event.id), 'no longer upcoming at B');
  });
});
