/* The check-in desk: the token field keeps the focus (a USB QR scanner types the token and
   Enter), the result is shown loud, the field is cleared for the next badge. The camera
   decodes the badge's QR with the vendored jsQR and submits the same form. */
(function () {
  "use strict";
  var form = document.getElementById("dh-scan");
  if (!form) return;
  var token = document.getElementById("dh-token");
  var method = document.getElementById("dh-method");
  var busy = false;

  function refocus() {
    var active = document.activeElement;
    // Leave the focus where staff type on purpose (the name search, the camera buttons).
    if (active && active !== document.body && active !== token &&
        (active.id === "dh-search" || active.closest("#dh-camera-box") || active.closest("#dh-found"))) {
      return;
    }
    token.focus();
  }

  form.addEventListener("htmx:beforeRequest", function (event) {
    if (event.target !== form) return;
    if (!token.value.trim() || busy) { event.preventDefault(); return; }
    busy = true;
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.target !== form) return;
    busy = false;
    token.value = "";
    method.value = "scanner";
    refocus();
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "dh-outcome") {
      var box = event.target.querySelector(".dh-outcome");
      if (box && box.dataset.state === "refused" && navigator.vibrate) navigator.vibrate(300);
      var from = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
      if (from && from !== form) {
        // A delegate picked by name is done: back to the scanner at once (left on the
        // "Điểm danh" button, the next badge's Enter would press it again).
        if (from.closest && from.closest("#dh-found")) { token.focus(); } else { refocus(); }
      }
    }
  });
  // A click anywhere else on the page gives the focus back to the token field.
  document.addEventListener("click", function () { window.setTimeout(refocus, 0); });

  // --- Camera -------------------------------------------------------------------------------
  var video = document.getElementById("dh-video");
  var canvas = document.getElementById("dh-canvas");
  var start = document.getElementById("dh-camera-start");
  var stop = document.getElementById("dh-camera-stop");
  var state = document.getElementById("dh-camera-state");
  var stream = null;
  var last = { text: "", at: 0 };

  function say(text) { state.textContent = text; }

  function submitToken(text) {
    var now = Date.now();
    // The same badge held in front of the camera is read many times a second: send it once
    // (the server refuses a second check-in anyway, this keeps the desk quiet).
    if (text === last.text && now - last.at < 4000) return;
    last = { text: text, at: now };
    token.value = text;
    method.value = "camera";
    if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.requestSubmit(); }
  }

  function tick() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR ? window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" }) : null;
      if (code && code.data) submitToken(code.data.trim());
    }
    window.setTimeout(function () { window.requestAnimationFrame(tick); }, 120);
  }

  start.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(start.dataset.unsupported);
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        video.play();
        say(start.dataset.reading);
        tick();
      })
      .catch(function (error) { say(start.dataset.failed + " " + error.name); });
  });
  stop.addEventListener("click", function () {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    start.hidden = false;
    stop.hidden = true;
    say("");
    refocus();
  });
})();
