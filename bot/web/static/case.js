// The case page: count characters and texts as the practitioner writes (the server checks again).
(function () {
  "use strict";
  var box = document.getElementById("reply-text");
  var out = document.getElementById("reply-count");
  if (!box || !out) { return; }
  function update() {
    var n = box.value.length;
    var texts = n <= 160 ? 1 : Math.ceil(n / 153);
    out.textContent = n + " characters, " + texts + (texts === 1 ? " text" : " texts");
  }
  box.addEventListener("input", update);
  update();
})();
