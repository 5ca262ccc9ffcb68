// The chat widget (decision 0032): <script src="https://desk.example/chat/widget.js" data-widget-key="…">
// draws a chat box on the host page. The visitor gives a name, an email address and the first message;
// the token "start" returns is kept in sessionStorage, so the chat survives moving between pages.
// New messages are announced on a server-sent event stream and then fetched as JSON.
// TEXT (the visitor's language) is put before this file by /chat/widget.js.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.widgetKey) return;
  var key = script.dataset.widgetKey;
  var base = new URL(script.src).origin + "/chat/api/" + encodeURIComponent(key);
  var stored = "dispatchdesk-chat:" + key;
  var state = JSON.parse(sessionStorage.getItem(stored) || "null"); // {token, last}
  var source = null;
  var seen = {};

  var CSS =
    ":host{all:initial;font:14px/1.4 system-ui,sans-serif;color:#212529}" +
    ".launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 18px;" +
    "background:#0d6efd;color:#fff;font:inherit;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25)}" +
    ".panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:320px;max-height:480px;display:flex;" +
    "flex-direction:column;background:#fff;border:1px solid #ced4da;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.2)}" +
    ".panel[hidden]{display:none}" +
    "header{padding:10px 12px;background:#0d6efd;color:#fff;border-radius:8px 8px 0 0;font-weight:600}" +
    ".log{flex:1;overflow-y:auto;padding:8px 12px;min-height:120px}" +
    ".line{margin:6px 0;padding:6px 10px;border-radius:8px;white-space:pre-wrap;word-wrap:break-word;max-width:85%}" +
    ".line.visitor{background:#e7f1ff;margin-left:auto}.line.agent{background:#f1f3f5}" +
    ".who{display:block;font-size:12px;color:#6c757d}" +
    "form{display:flex;flex-direction:column;gap:6px;padding:8px 12px;border-top:1px solid #dee2e6}" +
    "input,textarea{font:inherit;padding:6px;border:1px solid #ced4da;border-radius:4px}" +
    "textarea{resize:vertical;min-height:48px}" +
    "button{font:inherit}.row{display:flex;gap:6px;justify-content:flex-end}" +
    ".send{background:#0d6efd;color:#fff;border:0;border-radius:4px;padding:6px 12px;cursor:pointer}" +
    ".end{background:none;border:1px solid #ced4da;border-radius:4px;padding:6px 12px;cursor:pointer}" +
    ".error{color:#b02a37;font-size:13px}.notice{color:#6c757d;font-size:13px;padding:0 12px 8px}.again{background:none;border:0;color:#0d6efd;cursor:pointer;padding:0;text-decoration:underline}";

  var host = document.createElement("div");
  host.id = "dispatchdesk-chat";
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" + CSS + "</style>" +
    '<button class="launcher" type="button"></button>' +
    '<section class="panel" role="dialog" hidden><header></header><div class="log" aria-live="polite"></div>' +
    '<p class="notice" hidden><span></span> <button class="again" type="button"></button></p><p class="error" role="alert" hidden></p>' +
    '<form class="start"><input name="name" autocomplete="name" required><input name="email" type="email" autocomplete="email" required>' +
    '<textarea name="message" required></textarea><div class="row"><button class="send" type="submit"></button></div></form>' +
    '<form class="say" hidden><textarea name="message" required></textarea>' +
    '<div class="row"><button class="end" type="button"></button><button class="send" type="submit"></button></div></form></section>';
  document.body.appendChild(host);

  function $(selector) { return root.querySelector(selector); }
  var panel = $(".panel"), log = $(".log"), startForm = $("form.start"), sayForm = $("form.say");
  $(".launcher").textContent = TEXT.launcher;
  $("header").textContent = TEXT.title;
  startForm.name.placeholder = TEXT.name;
  startForm.email.placeholder = TEXT.email;
  startForm.message.placeholder = TEXT.first;
  startForm.querySelector(".send").textContent = TEXT.start;
  sayForm.message.placeholder = TEXT.message;
  sayForm.querySelector(".send").textContent = TEXT.send;
  sayForm.querySelector(".end").textContent = TEXT.end;
  $(".again").textContent = TEXT.again;

  function save() { sessionStorage.setItem(stored, JSON.stringify(state)); }

  function showError(text) {
    var error = $(".error");
    error.textContent = text || "";
    error.hidden = !text;
  }

  function call(method, path, body) {
    var options = { method: method, headers: {}, credentials: "omit" };
    if (body) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(base + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || TEXT.failed);
          error.code = data.code;
          throw error;
        }
        return data;
      });
    });
  }

  function show(data) {
    (data.messages || []).forEach(function (line) {
      if (seen[line.id]) return;
      seen[line.id] = true;
      var item = document.createElement("div");
      item.className = "line " + line.from;
      item.dataset.id = line.id;
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = line.author;
      item.appendChild(who);
      item.appendChild(document.createTextNode(line.text));
      log.appendChild(item);
      state.last = Math.max(state.last || 0, line.id);
    });
    log.scrollTop = log.scrollHeight;
    var open = data.state === "open";
    sayForm.hidden = !open;
    startForm.hidden = true;
    var notice = $(".notice");
    notice.hidden = open;
    notice.querySelector("span").textContent = data.state === "fallen_back" ? TEXT.byEmail : TEXT.ended;
    if (!open && source) { source.close(); source = null; }
    save();
  }

  function fetchNew() {
    return call("GET", "/sessions/" + state.token + "/messages/?after=" + (state.last || 0)).then(show, function (error) {
      if (error.code === "not_found") forget(); else showError(error.message);
    });
  }

  function listen() {
    if (source) source.close();
    source = new EventSource(base + "/sessions/" + state.token + "/events/");
    source.onopen = function () { host.dataset.listening = "true"; fetchNew(); }; // also after a reconnect
    source.onerror = function () { delete host.dataset.listening; };
    source.onmessage = function (event) {
      if (JSON.parse(event.data).kind === "chat") fetchNew();
    };
  }

  function forget() {
    if (source) { source.close(); source = null; }
    state = null;
    sessionStorage.removeItem(stored);
    log.textContent = "";
    seen = {};
    startForm.hidden = false;
    sayForm.hidden = true;
    $(".notice").hidden = true;
  }

  function resume() {
    state.last = 0; // a page that was left: draw the whole conversation again
    fetchNew().then(function () { if (state && !sayForm.hidden) listen(); });
  }

  $(".again").addEventListener("click", forget);
  $(".launcher").addEventListener("click", function () { panel.hidden = !panel.hidden; });

  startForm.addEventListener("submit", function (event) {
    event.preventDefault();
    showError("");
    var body = { name: startForm.name.value, email: startForm.email.value, message: startForm.message.value };
    call("POST", "/start/", body).then(function (data) {
      state = { token: data.token, last: 0 };
      show(data);
      listen();
    }, function (error) { showError(error.message); });
  });

  function say() {
    showError("");
    var text = sayForm.message.value;
    call("POST", "/sessions/" + state.token + "/messages/", { message: text }).then(function (data) {
      sayForm.message.value = "";
      show(data);
    }, function (error) { showError(error.message); }); // the typed text stays in the box
  }

  sayForm.addEventListener("submit", function (event) { event.preventDefault(); say(); });
  sayForm.message.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); say(); }
  });
  sayForm.querySelector(".end").addEventListener("click", function () {
    call("POST", "/sessions/" + state.token + "/end/").then(show, function (error) { showError(error.message); });
  });

  if (state && state.token) { panel.hidden = false; resume(); }
})();
