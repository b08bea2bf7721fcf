// Room chat and reactions end to end through the UI (docs/protocol.md, "Chat" and
// "Reactions"): two headless Chromium browsers with real mouse and keyboard input on
// the canvas. B types a message with a link and A reads it; emoji are drawn as glyphs;
// A (moderator) deletes B's message with emoji and it disappears in both browsers; A turns the chat off and B's box goes; B's
// reactions reach A; a third client joining late gets the history.
// Users sign up over a raw socket to keep the browsers' work to what is tested.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('./lib/server');
const { Client } = require('./lib/browser');
const { stepper } = require('./lib/steps');
const { startRoom, member, inHallway } = require('./lib/ui');
const { RawClient, signUpChain } = require('./lib/wsclient');

describe('room chat and reactions in two browsers', { timeout: 150000 }, () => {
  const step = stepper(it);
  let server;
  const clients = [];
  const users = {}; // name -> {token, id}
  let A, B;
  let roomId;
  const link = 'https://example.org/salotto?x=1';
  const text = `Привет a tutti, guardate ${link}.`;

  async function launch(name, token) {
    const c = await Client.launchSignedIn(name, token);
    clients.push(c);
    return c;
  }
  const texts = (s) => s.chat.messages.map((m) => m.text);

  before(async () => {
    server = await startServer('chat');
  });

  after(async () => {
    for (const c of clients) await c.close();
    if (server) await server.stop();
  });

  step('A and B sign up over a raw socket', async () => {
    [users.A, users.B] = await signUpChain(server.wsUrl, server.invite, [
      { handle: 'anfitrione', name: 'Anna Anfitrione', password: 'benvenuti-tutti-1' },
      { handle: 'bea', name: 'Bea Battuta', password: 'scrivo-sempre-22' },
    ]);
  });

  step('A starts a room and B joins; both open the chat, which starts empty', async () => {
    A = await launch('chat-A', users.A.token);
    await A.open(server.url);
    await A.waitFor((s) => s.screen === 'hallway', 'A in the hallway');
    roomId = (await startRoom(A, 'Chiacchiere scritte')).room.id;
    B = await launch('chat-B', users.B.token);
    await B.open(server.url);
    await B.waitFor((s) => s.screen === 'hallway' && inHallway(s, roomId), 'the room in B\'s hallway');
    await B.click(`hallway.room.${roomId}`);
    await B.waitFor((s) => s.screen === 'room' && member(s, users.B.id), 'B in the room');
    for (const c of [A, B]) {
      await c.click('room.chat');
      const s = await c.waitFor((st) => st.chat.open && st.chat.loaded, 'the chat open and loaded');
      assert.deepEqual(s.chat.messages, []);
    }
  });

  step('B types a message with a link; A reads it, and the link is a widget of its own', async () => {
    await B.type('room.chat.input', text);
    await B.page.keyboard.press('Enter');
    const sa = await A.waitFor((s) => s.chat.messages.length === 1, 'B\'s message at A');
    const message = sa.chat.messages[0];
    assert.equal(message.text, text);
    assert.equal(message.from.id, users.B.id);
    const sb = await B.waitFor((s) => s.chat.messages.length === 1, 'B\'s own message');
    assert.equal(sb.chat.messages[0].id, message.id);
    const widgets = await A.widgets();
    assert.equal(widgets[`room.chat.link.${message.id}.0`]?.label, link,
      'the link, without the full stop after it');
    assert.ok(widgets[`room.chat.delete.${message.id}`], 'A moderates: a delete button');
    assert.ok((await B.widgets())[`room.chat.delete.${message.id}`],
      'B may delete their own message too');
    await A.screenshot('chat-A-message');
  });

  step('emoji in messages and the reaction buttons are drawn as glyphs, not boxes', async () => {
    const emoji = '👏😂❤👍✊🤔😀🙏🔥🎉💯';
    // The emoji font comes after the first screen (web/emoji_font.hpp).
    await A.waitFor((s) => s.emoji_font, 'the emoji font loaded');
    assert.deepEqual(await A.page.evaluate((t) => window.salotto.missingGlyphs(t), emoji), []);
    const widgets = await A.widgets();
    assert.equal(widgets['room.react.clap'].label, '👏');
    await B.type('room.chat.input', 'Bravi! 👏🎉');
    await B.page.keyboard.press('Enter');
    await A.waitFor((s) => s.chat.messages.some((m) => m.text === 'Bravi! 👏🎉'), 'the emoji message');
    await B.click('room.react.clap');
    await A.screenshot('chat-A-emoji');
  });

  step('A deletes B\'s latest message and it disappears in both browsers', async () => {
    const id = (await A.state()).chat.messages.at(-1).id;
    await A.click(`room.chat.delete.${id}`);
    await A.waitFor((s) => !s.chat.messages.some((m) => m.id === id), 'gone at A');
    await B.waitFor((s) => !s.chat.messages.some((m) => m.id === id), 'gone at B');
  });

  step('A turns the chat off: B can no longer write, A still can; then on again', async () => {
    await A.click('room.chat.toggle');
    await B.waitFor((s) => s.room.chat_allowed === false, 'B sees the chat off');
    await B.frames(3);
    assert.ok(!(await B.widgets())['room.chat.input'], 'no box for B');
    await A.type('room.chat.input', 'Solo domande a voce, grazie.');
    await A.page.keyboard.press('Enter');
    await B.waitFor((s) => texts(s).includes('Solo domande a voce, grazie.'), 'the moderator\'s note');
    await A.click('room.chat.toggle');
    await B.waitFor((s) => s.room.chat_allowed === true, 'the chat on again');
    await B.waitForWidget('room.chat.input');
  });

  step('B\'s reactions reach A, counted by kind', async () => {
    const before = (await A.state()).reactions.events;
    await B.click('room.react.clap');
    await B.click('room.react.heart');
    const s = await A.waitFor(
      (st) => st.reactions.events > before && (st.reactions.counts.clap || 0) + (st.reactions.counts.heart || 0) >= 1,
      'reactions at A');
    assert.ok(s.reactions.events > before);
  });

  step('someone joining late gets the history, oldest first', async () => {
    const c = await RawClient.connect(server.wsUrl, 'C');
    await c.hello();
    c.send({ t: 'resume', token: users.B.token });
    await c.take((m) => m.t === 'session', 'a second session for B');
    c.send({ t: 'join_room', room: roomId });
    await c.take((m) => m.t === 'room_state', 'the room');
    c.send({ t: 'get_chat' });
    const history = await c.take((m) => m.t === 'chat_history', 'the history');
    assert.deepEqual(history.messages.map((m) => m.text), [text, 'Solo domande a voce, grazie.']);
    c.ws.close();
  });
});
