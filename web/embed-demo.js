// The embedding demo (web/embed-demo.html): mounts two embeds with Salotto.mount, one
// button per command, and logs every event of both.
'use strict';

(function () {
  var params = new URLSearchParams(location.search);
  var form = document.getElementById('pick');
  var log = document.getElementById('log');
  var rooms = (params.get('rooms') || '').split(',').filter(Boolean);
  var theme = params.get('theme') || 'light';
  form.elements.a.value = rooms[0] || '';
  form.elements.b.value = rooms[1] || '';
  form.elements.theme.value = theme;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var next = new URLSearchParams({
      rooms: form.elements.a.value.trim() + ',' + form.elements.b.value.trim(),
      theme: form.elements.theme.value,
    });
    location.search = next.toString();
  });

  function note(label, name, data) {
    var item = document.createElement('li');
    item.textContent = new Date().toLocaleTimeString() + '  ' + label + '  ' + name + '  ' +
        JSON.stringify(data);
    log.insertBefore(item, log.firstChild);
  }

  rooms.slice(0, 2).forEach(function (room, i) {
    var label = i === 0 ? 'first' : 'second';
    var box = document.createElement('section');
    box.className = 'embed';
    var title = document.createElement('h2');
    title.textContent = 'Room ' + room;
    var controls = document.createElement('div');
    controls.className = 'controls';
    var frame = document.createElement('div');
    frame.className = 'frame';
    box.appendChild(title);
    box.appendChild(controls);
    box.appendChild(frame);
    document.getElementById('embeds').appendChild(box);

    var embed = Salotto.mount(frame, { room: room, theme: theme });
    ['join', 'leave', 'mute', 'unmute', 'raiseHand', 'lowerHand'].forEach(function (name) {
      var button = document.createElement('button');
      button.textContent = name;
      button.id = label + '-' + name;
      button.addEventListener('click', function () { embed[name](); });
      controls.appendChild(button);
    });
    ['ready', 'joined', 'left', 'speaking', 'participants', 'error'].forEach(function (name) {
      embed.on(name, function (data) { note(label, name, data); });
    });
  });
})();
