// The duty queue: listen for server-sent events and swap in the fresh table when the queue changes.
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  if (!queue || !window.EventSource) { return; }
  var banner = document.getElementById("new-case-banner");
  var state = document.getElementById("live-state");
  var sound = document.getElementById("sound-on");
  var baseTitle = document.title;

  function refresh() {
    return fetch(queue.getAttribute("data-rows-url"), { credentials: "same-origin" }).then(function (r) {
      if (r.redirected || r.status === 401 || r.status === 403) { window.location.reload(); return; }
      return r.text().then(function (html) { queue.innerHTML = html; });
    });
  }

  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no audio: the banner is the cue */ }
  }

  function announce(refs) {
    banner.textContent = (refs.length === 1 ? "New case " : "New cases ") + refs.join(", ");
    banner.hidden = false;
    document.title = "(" + refs.length + " new) " + baseTitle;
    refs.forEach(function (ref) {
      var row = queue.querySelector('tr[data-ref="' + ref + '"]');
      if (row) { row.classList.add("fresh"); }
    });
    if (sound && sound.checked) { beep(); }
  }

  var source = new EventSource(queue.getAttribute("data-events-url"));
  source.addEventListener("open", function () { state.textContent = "Live: new cases appear here without reloading."; });
  source.addEventListener("error", function () { state.textContent = "Reconnecting to live updates..."; });
  source.addEventListener("queue", function (event) {
    var data = JSON.parse(event.data);
    refresh().then(function () { if (data["new"] && data["new"].length) { announce(data["new"]); } });
  });
  source.addEventListener("signedout", function () { source.close(); window.location.reload(); });
  window.addEventListener("focus", function () { document.title = baseTitle; });
  // Keep "time left to acknowledge" current.
  window.setInterval(refresh, 60000);
})();
