// The terminal page of `medborger serve` (templates/app_index.html).
// A file, not an inline script: the Content-Security-Policy allows no inline script.
//
// - The websocket is addressed relative to this page (ws: or wss: as the page), so the
//   page works under any host name, behind a proxy and on 0.0.0.0 without --public-url.
// - The terminal gets the keyboard as soon as its connection is open (no click needed).
// - When the server ends a tab it says why in the close code; the page then shows the
//   matching Danish message (idle, too many tabs) instead of the general one.
"use strict";

(function () {
  // 4000: the course ended itself (Ctrl+Q, "Afslut"), not a failed connection.
  var REASONS = {4000: "quit", 4408: "idle", 4429: "address-full", 4503: "server-full",
                 4403: "refused"};
  var NativeWebSocket = window.WebSocket;

  function socketUrl(path) {
    var url = new URL(path, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = "";
    url.hash = "";
    return url.href;
  }

  // textual.js opens the socket itself; this wrapper only listens to how it closes.
  function CourseWebSocket(url, protocols) {
    var socket = protocols === undefined ? new NativeWebSocket(url)
                                         : new NativeWebSocket(url, protocols);
    socket.addEventListener("open", function () {
      // The keyboard goes to the terminal as soon as it can be used (not earlier:
      // textual.js would send the focus before the socket is open).
      var input = document.querySelector(".xterm-helper-textarea");
      if (input) {
        input.focus();
      }
    });
    socket.addEventListener("close", function (event) {
      var reason = REASONS[event.code];
      if (reason) {
        document.body.classList.add("-" + reason);
      }
    });
    return socket;
  }
  CourseWebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    CourseWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = CourseWebSocket;

  function restart() {
    var url = new URL(window.location.href);
    url.searchParams.delete("delay");
    window.location.href = url.pathname + url.search;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".textual-terminal").forEach(function (terminal) {
      terminal.dataset.sessionWebsocketUrl = socketUrl(terminal.dataset.websocketPath || "ws");
    });
    document.querySelectorAll("button[data-restart]").forEach(function (button) {
      button.addEventListener("click", restart);
    });
  });

})();
