// The DOM mirror of the canvas (docs/client.md, "Accessibility"), an Emscripten JS
// library linked into salotto.js. The C++ side (mirror.cpp) hands over, after each
// frame that changed it, what the frame drew (WidgetRects::mirror_json): every
// widget's id, role, accessible name and rectangle in reading order. Here that becomes
// real elements over the canvas, which screen readers read and the keyboard reaches
// with Tab: buttons (aria-pressed, aria-expanded), links, headings, the room's
// people as lists, and text fields as real <input> elements inside a <form>, so
// password managers, IMEs and phone keyboards work. The canvas is aria-hidden.
//
// Elements are kept by widget id and only changed where the frame changed, so focus
// stays put across frames. Nothing here decides anything: activating an element (a
// click, Enter, Space) sends "activate <id>" back, and the widget acts on its next
// frame exactly as on a click; an <input> sends its text and caret, which the ImGui
// field shows. A polite live region says what the C++ announcer (announcer.hpp) finds.
mergeInto(LibraryManager.library, {
  salotto_a11y_init: function () {
    var call = function (name, types, args) { Module['ccall'](name, null, types, args); };
    var canvas = document.getElementById('canvas');
    if (canvas) canvas.setAttribute('aria-hidden', 'true');

    var root = document.createElement('div');
    root.id = 'salotto-a11y';
    var main = document.createElement('main');
    var title = document.createElement('h1');
    title.className = 'salotto-sr-only';
    title.tabIndex = -1;
    var form = document.createElement('form');
    form.setAttribute('autocomplete', 'on');
    form.noValidate = true;
    // Enter in a field is an activation (below), never a page load.
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    main.appendChild(title);
    main.appendChild(form);
    var live = document.createElement('div');
    live.id = 'salotto-live';
    live.className = 'salotto-sr-only';
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('role', 'log');
    root.appendChild(main);
    root.appendChild(live);
    document.body.appendChild(root);

    var nodes = new Map();  // widget id -> element
    var lists = new Map();  // list id -> <ul>
    var current = { screen: '', escape: '', space: '' };
    var composing = false;

    var activate = function (id) { call('salotto_activate', ['string'], [id]); };
    // Offsets in code points, as the C++ side counts them.
    var points = function (text, utf16) { return Array.from(text.slice(0, utf16)).length; };
    var sendField = function (input) {
      var value = input.value;
      var start = input.selectionStart == null ? value.length : input.selectionStart;
      var end = input.selectionEnd == null ? value.length : input.selectionEnd;
      call('salotto_field', ['string', 'string', 'number', 'number'],
           [input.dataset.widget, value, points(value, start), points(value, end)]);
    };
    var isField = function (el) {
      return el && el.tagName === 'INPUT' && el.type !== 'range' && root.contains(el);
    };

    // Text fields and sliders take the mouse (a tap opens the phone's keyboard), so a
    // wheel turned over one would reach no one: the canvas gets it and scrolls.
    var forwardWheel = function (event) {
      if (!canvas) return;
      event.preventDefault();
      canvas.dispatchEvent(new WheelEvent('wheel', {
        deltaX: event.deltaX, deltaY: event.deltaY, deltaZ: event.deltaZ, deltaMode: event.deltaMode,
        clientX: event.clientX, clientY: event.clientY, screenX: event.screenX, screenY: event.screenY,
        ctrlKey: event.ctrlKey, shiftKey: event.shiftKey, altKey: event.altKey, metaKey: event.metaKey,
        bubbles: true, cancelable: true,
      }));
    };

    var create = function (item) {
      var el;
      if (item.role === 'textbox' || item.role === 'slider') {
        el = document.createElement('input');
        el.addEventListener('wheel', forwardWheel, { passive: false });
      }
      if (item.role === 'textbox') {
        el.addEventListener('input', function () { sendField(el); });
        ['select', 'keyup', 'mouseup'].forEach(function (type) {
          el.addEventListener(type, function () { sendField(el); });
        });
        el.addEventListener('focus', function () {
          call('salotto_field_focus', ['string', 'number'], [el.dataset.widget, 1]);
          sendField(el);
        });
        el.addEventListener('blur', function () {
          call('salotto_field_focus', ['string', 'number'], [el.dataset.widget, 0]);
        });
        el.addEventListener('compositionstart', function () { composing = true; });
        el.addEventListener('compositionend', function () { composing = false; sendField(el); });
        el.addEventListener('keydown', function (event) {
          if (event.key === 'Enter' && !event.isComposing) {
            event.preventDefault();
            activate(el.dataset.widget);
          }
        });
      } else if (item.role === 'slider') {
        el.type = 'range';
        el.addEventListener('input', function () {
          call('salotto_slider', ['string', 'number'], [el.dataset.widget, Number(el.value)]);
        });
      } else if (item.role === 'heading') {
        el = document.createElement('h' + Math.min(3, Math.max(2, item.level || 2)));
      } else if (item.role === 'text') {
        el = document.createElement('p');
      } else {
        el = document.createElement('button');
        el.type = 'button';
        if (item.role === 'link') el.setAttribute('role', 'link');
        el.addEventListener('click', function (event) {
          event.preventDefault();
          activate(el.dataset.widget);
        });
      }
      el.className = 'salotto-mirror';
      el.dataset.widget = item.id;
      el.dataset.role = item.role;
      return el;
    };

    var set = function (el, name, value) {
      if (value === undefined || value === null) {
        if (el.hasAttribute(name)) el.removeAttribute(name);
      } else if (el.getAttribute(name) !== String(value)) {
        el.setAttribute(name, String(value));
      }
    };

    var apply = function (el, item) {
      var s = el.style;
      var px = function (v) { return v + 'px'; };
      if (s.left !== px(item.x)) s.left = px(item.x);
      if (s.top !== px(item.y)) s.top = px(item.y);
      if (s.width !== px(item.w)) s.width = px(item.w);
      if (s.height !== px(item.h)) s.height = px(item.h);
      if (item.role === 'textbox') {
        set(el, 'type', item.type);
        set(el, 'autocomplete', item.autocomplete);
        set(el, 'name', item.id);
        set(el, 'aria-label', item.label);
        set(el, 'autocapitalize', item.type === 'text' && item.autocomplete === 'nickname' ? 'words' : 'off');
        set(el, 'spellcheck', 'false');
        // The field's text as the frame has it (cleared after sending, filled from an
        // invite link, lower-cased by a handle's filter), unless the IME is composing.
        if (!composing && el.value !== item.value) {
          el.value = item.value;
          if (document.activeElement === el) el.setSelectionRange(el.value.length, el.value.length);
          sendField(el);
        }
      } else if (item.role === 'slider') {
        set(el, 'min', item.min);
        set(el, 'max', item.max);
        set(el, 'step', item.step);
        set(el, 'aria-label', item.label);
        set(el, 'aria-valuetext', item.valuetext);
        if (el.value !== String(item.value)) el.value = String(item.value);
      } else {
        if (el.textContent !== item.label) el.textContent = item.label;
        set(el, 'aria-pressed', item.pressed === undefined ? null : item.pressed);
        set(el, 'aria-expanded', item.expanded === undefined ? null : item.expanded);
      }
    };

    // Puts `wanted` in `parent` in order, moving only what is out of place (a moved
    // element would lose focus).
    var arrange = function (parent, wanted) {
      for (var i = 0; i < wanted.length; ++i)
        if (parent.children[i] !== wanted[i]) parent.insertBefore(wanted[i], parent.children[i] || null);
      while (parent.children.length > wanted.length) parent.removeChild(parent.lastChild);
    };

    var centre = function (el) {
      var r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    };

    var update = function (data) {
      var screenChanged = data.screen !== current.screen;
      current = data;
      if (title.textContent !== data.screen) title.textContent = data.screen;
      set(main, 'aria-label', data.screen);
      var lost = null;  // where the focused element was, when it goes away
      var top = [], children = new Map(), seen = new Set();
      data.items.forEach(function (item) {
        var el = nodes.get(item.id);
        if (el && el.dataset.role !== item.role) {
          if (el === document.activeElement) lost = centre(el);
          (el.parentElement && el.parentElement.tagName === 'LI' ? el.parentElement : el).remove();
          el = null;
        }
        if (!el) {
          el = create(item);
          nodes.set(item.id, el);
        }
        apply(el, item);
        seen.add(item.id);
        if (item.list) {
          var ul = lists.get(item.list);
          if (!ul) {
            ul = document.createElement('ul');
            ul.className = 'salotto-list';
            lists.set(item.list, ul);
          }
          if (!children.has(item.list)) {
            children.set(item.list, []);
            top.push(ul);
          }
          var li = el.parentElement && el.parentElement.tagName === 'LI' ? el.parentElement : null;
          if (!li) {
            li = document.createElement('li');
            li.appendChild(el);
          }
          children.get(item.list).push(li);
        } else {
          if (el.parentElement && el.parentElement.tagName === 'LI') {
            var wrapper = el.parentElement;
            form.appendChild(el);
            wrapper.remove();
          }
          top.push(el);
        }
      });
      nodes.forEach(function (el, id) {
        if (seen.has(id)) return;
        if (el === document.activeElement) lost = centre(el);
        (el.parentElement && el.parentElement.tagName === 'LI' ? el.parentElement : el).remove();
        nodes.delete(id);
      });
      (data.lists || []).forEach(function (l) {
        var ul = lists.get(l.id);
        if (ul) set(ul, 'aria-label', l.label);
      });
      lists.forEach(function (ul, id) {
        if (!children.has(id)) { ul.remove(); lists.delete(id); }
      });
      arrange(form, top);
      children.forEach(function (items, id) { arrange(lists.get(id), items); });

      // The focused element went away (its widget changed, e.g. "Raise hand" became
      // "Lower hand"): the keyboard stays where it was, on what is drawn nearest; on
      // a new screen it goes to the screen's heading, which is read out.
      if (lost && (!document.activeElement || document.activeElement === document.body)) {
        if (screenChanged) {
          title.focus({ preventScroll: true });
        } else {
          var best = null, bestDistance = Infinity;
          form.querySelectorAll('button, input').forEach(function (el) {
            var c = centre(el), d = Math.hypot(c.x - lost.x, c.y - lost.y);
            if (d < bestDistance) { best = el; bestDistance = d; }
          });
          (best || title).focus({ preventScroll: true });
        }
      }
    };

    // Escape closes what is open; Space toggles the microphone in a room, unless the
    // keyboard is in a text field. Both only name a widget to activate (mirror_json).
    var spaceHeld = false;
    window.addEventListener('keydown', function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape' && current.escape) {
        event.preventDefault();
        activate(current.escape);
      } else if (event.key === ' ' && current.space && !isField(document.activeElement)) {
        event.preventDefault();
        if (!event.repeat) activate(current.space);
        spaceHeld = true;
      }
    });
    // A button's own activation by Space happens on keyup: not when Space was ours.
    window.addEventListener('keyup', function (event) {
      if (event.key === ' ' && spaceHeld) {
        event.preventDefault();
        spaceHeld = false;
      }
    }, true);
    document.addEventListener('selectionchange', function () {
      if (isField(document.activeElement)) sendField(document.activeElement);
    });

    Module['salottoA11y'] = {
      update: update,
      announce: function (text) {
        var line = document.createElement('p');
        line.textContent = text;
        live.appendChild(line);
        // The region is a log: the last few lines are enough to read back.
        while (live.children.length > 8) live.removeChild(live.firstChild);
      },
      setLanguage: function (label) { set(live, 'aria-label', label); },
    };
  },

  salotto_a11y_update: function (json) {
    Module['salottoA11y'].update(JSON.parse(UTF8ToString(json)));
  },

  salotto_a11y_announce: function (text) {
    Module['salottoA11y'].announce(UTF8ToString(text));
  },

  salotto_a11y_live_label: function (text) {
    Module['salottoA11y'].setLanguage(UTF8ToString(text));
  },

  // Whether the browser's focus is on a mirror element (then keys are the browser's,
  // not ImGui's): 0 no, 1 a text field, 2 another element.
  salotto_a11y_focus_kind: function () {
    var el = document.activeElement;
    var root = document.getElementById('salotto-a11y');
    if (!el || !root || !root.contains(el)) return 0;
    return el.tagName === 'INPUT' && el.type !== 'range' ? 1 : 2;
  },

  // A press on the canvas takes the keyboard back from the mirror.
  salotto_a11y_blur: function () {
    var el = document.activeElement;
    var root = document.getElementById('salotto-a11y');
    if (el && root && root.contains(el) && el.blur) el.blur();
  },
});
