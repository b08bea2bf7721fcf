// What several end-to-end tests do through the web client's screens, with real mouse
// and keyboard input on the canvas (a Client from lib/browser.js): sign up or log in
// on the onboarding screen, start a room from the hallway; and small readers of the
// client's state() (docs/client-test-api.md).
'use strict';
const { TOKEN_KEY } = require('./browser');

// Fills in the sign-up form and submits it, without waiting for the answer (the
// caller may expect a refusal). `invite` is typed unless it is null: an invite link
// fills the field in by itself. `user` is { handle, name, password }.
async function submitSignUp(c, invite, user) {
  await c.waitFor((s) => s.screen === 'onboarding' && s.connected === true, 'the onboarding screen, connected');
  await c.click('onboarding.mode_signup');
  if (invite !== null) await c.type('signup.invite', invite);
  await c.type('signup.handle', user.handle);
  await c.type('signup.name', user.name);
  await c.type('signup.password', user.password);
  await c.click('signup.submit');
}

// Signs `user` up (see submitSignUp) and waits for the hallway, signed in as them;
// returns the signed-in user from the client's state.
async function signUp(c, invite, user) {
  await submitSignUp(c, invite, user);
  const s = await c.waitFor((st) => st.screen === 'hallway' && st.user && st.user.handle === user.handle,
    `the hallway signed in as @${user.handle}`);
  return s.user;
}

// Logs in on the onboarding screen (already shown) and submits, without waiting for
// the answer.
async function submitLogIn(c, handle, password) {
  await c.click('onboarding.mode_login');
  await c.type('login.handle', handle);
  await c.type('login.password', password);
  await c.click('login.submit');
}

// Starts a room called `title` from the hallway, first clicking `typeWidget` (e.g.
// 'hallway.type_open') when given; waits until the client is in it and returns its
// state().
async function startRoom(c, title, { typeWidget = null } = {}) {
  if (typeWidget) await c.click(typeWidget);
  await c.type('hallway.title_input', title);
  await c.click('hallway.create_room');
  return c.waitFor((s) => s.screen === 'room' && s.room && s.room.title === title, `in the new room "${title}"`);
}

// The session token the client keeps in localStorage (null when none).
const storedToken = (c) => c.page.evaluate((k) => localStorage.getItem(k), TOKEN_KEY);

// User `id` among the members of the room in state `s`, or undefined.
const member = (s, id) => (s.room && Array.isArray(s.room.members) ? s.room.members.find((m) => m.id === id) : undefined);

// Whether room `room` is listed in the hallway of state `s`.
const inHallway = (s, room) => s.hallway.some((r) => r.id === room);

module.exports = { submitSignUp, signUp, submitLogIn, startRoom, storedToken, member, inHallway };
