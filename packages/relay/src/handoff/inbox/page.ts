/**
 * The agent page, as strings so the relay serves it on Workers too (no file system). Plain HTML, one script and
 * one stylesheet, no framework and nothing inline, so it runs under a strict Content-Security-Policy. Paths are
 * relative, so it also works when the relay is mounted under a prefix (`app.route('/chat', relay)`).
 */
export const INBOX_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tandem inbox</title>
<link rel="icon" href="agent/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="agent/inbox.css">
<script src="agent/inbox.js" defer></script>
</head>
<body>
<header class="bar">
  <h1>Tandem inbox</h1>
  <label>Your name <input id="agent-name" autocomplete="name" maxlength="100"></label>
  <span id="status" role="status"></span>
</header>
<form id="token-form" hidden>
  <label>Inbox token <input id="token" type="password" autocomplete="off"></label>
  <button type="submit">Open the inbox</button>
</form>
<main id="inbox">
  <nav aria-label="Handed-off conversations"><ul id="conversations"></ul><p id="empty">No handed-off conversations yet.</p></nav>
  <section id="detail" aria-live="polite" hidden>
    <div class="actions">
      <button id="join" type="button">Take over</button>
      <button id="close" type="button">Close conversation</button>
      <span id="mode" class="mode"></span>
    </div>
    <h2>Context</h2>
    <dl id="context"></dl>
    <h2>Conversation</h2>
    <ol id="transcript"></ol>
    <form id="reply-form">
      <label for="reply">Reply to the customer</label>
      <textarea id="reply" rows="3" maxlength="4000" required></textarea>
      <div class="actions">
        <button id="use-suggestion" type="button">Use the suggested reply</button>
        <button type="submit">Send</button>
      </div>
    </form>
  </section>
</main>
</body>
</html>
`;

export const INBOX_STYLES = `
:root { font-family: system-ui, sans-serif; color: #1d2330; background: #f5f6f8; }
body { margin: 0; }
.bar { display: flex; gap: 1rem; align-items: center; padding: .75rem 1rem; background: #1d2330; color: #fff; }
.bar h1 { font-size: 1.1rem; margin: 0 auto 0 0; }
.bar input { margin-left: .4rem; }
#token-form { padding: 1rem; }
#inbox { display: grid; grid-template-columns: minmax(14rem, 22rem) 1fr; gap: 1rem; padding: 1rem; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li button { display: block; width: 100%; text-align: left; padding: .6rem; margin-bottom: .4rem; border: 1px solid #cfd4dc; border-radius: 6px; background: #fff; cursor: pointer; }
nav li button[aria-current="true"] { border-color: #2557d6; box-shadow: 0 0 0 2px #2557d633; }
.priority { font-size: .75rem; font-weight: 600; text-transform: uppercase; margin-right: .4rem; }
.priority-urgent, .priority-high { color: #b3261e; }
.closed { opacity: .6; }
#detail { background: #fff; border: 1px solid #cfd4dc; border-radius: 8px; padding: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; white-space: pre-wrap; }
#transcript { list-style: none; padding: 0; }
#transcript li { margin: .4rem 0; padding: .5rem .7rem; border-radius: 8px; background: #eef0f4; white-space: pre-wrap; }
#transcript li.visitor { background: #e4ecff; }
#transcript li.agent { background: #e3f5e8; }
#transcript li.system { background: #fff4d6; }
#transcript .who { display: block; font-size: .75rem; color: #555d6e; }
textarea { width: 100%; box-sizing: border-box; font: inherit; }
.actions { display: flex; gap: .5rem; align-items: center; margin: .5rem 0; }
.mode { margin-left: auto; font-weight: 600; }
button { font: inherit; }
`;

export const INBOX_SCRIPT = `'use strict';
(function () {
  var POLL_MS = 1000;
  var state = { token: null, selected: null, lastEventId: 0, suggestion: '', conversationId: null };
  var $ = function (id) { return document.getElementById(id); };

  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.get('token')) {
      sessionStorage.setItem('tandem-inbox-token', params.get('token'));
      params.delete('token');
      history.replaceState(null, '', location.pathname + location.search + (params.toString() ? '#' + params : ''));
    }
    return params.get('conversation');
  }

  function api(path, body) {
    var headers = { 'content-type': 'application/json' };
    if (state.token) headers.authorization = 'Bearer ' + state.token;
    return fetch('v1/agent/' + path, body === undefined ? { headers: headers } : { method: 'POST', headers: headers, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (json) {
          if (response.status === 401) { showTokenForm(); throw new Error(json.error.message); }
          if (!response.ok) throw new Error(json.error ? json.error.message : 'HTTP ' + response.status);
          return json;
        });
      });
  }

  function say(text) { $('status').textContent = text; }
  function agent() { return { name: $('agent-name').value.trim() || 'Agent' }; }
  function actionId() { return crypto.randomUUID(); }

  function showTokenForm() { $('token-form').hidden = false; $('inbox').hidden = true; }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderList(conversations) {
    var list = $('conversations');
    list.replaceChildren();
    $('empty').hidden = conversations.length > 0;
    conversations.forEach(function (item) {
      var button = element('button', item.status === 'closed' ? 'closed' : '');
      button.type = 'button';
      button.dataset.ticket = item.ticketId;
      button.setAttribute('aria-current', String(item.ticketId === state.selected));
      button.append(element('span', 'priority priority-' + item.priority, item.priority), element('strong', '', item.customer || 'Visitor'));
      button.append(element('div', '', item.summary.slice(0, 140)));
      button.append(element('small', '', item.why.join(', ') + ' · ' + item.mode));
      if (item.contact) button.append(element('small', 'contact', 'Reply by email to ' + item.contact.email));
      button.addEventListener('click', function () { select(item.ticketId); });
      var row = element('li');
      row.append(button);
      list.append(row);
      if (!state.selected && state.conversationId === item.conversationId) select(item.ticketId);
    });
  }

  function field(list, name, value) {
    if (value === undefined || value === null || value === '') return;
    list.append(element('dt', '', name), element('dd', '', String(value)));
  }

  function renderContext(detail) {
    var context = detail.context;
    var identity = context.identity || {};
    var list = $('context');
    list.replaceChildren();
    field(list, 'Summary', context.summary);
    field(list, 'Suggested reply', context.suggestedReply);
    field(list, 'Why', detail.why.join(', '));
    var contact = detail.conversation && detail.conversation.contact;
    if (contact) field(list, 'Reply by email to', contact.email + (contact.message ? ' (“' + contact.message + '”)' : ''));
    field(list, 'Priority', context.priority);
    field(list, 'Customer', [identity.name, identity.email, identity.userId].filter(Boolean).join(' · ') + (identity.userId ? (context.identityVerified ? ' (verified)' : ' (not verified)') : ''));
    field(list, 'Tier', context.tier);
    if (identity.attributes) field(list, 'Attributes', Object.keys(identity.attributes).map(function (key) { return key + ': ' + identity.attributes[key]; }).join('\\n'));
    field(list, 'Page', context.pageUrl);
    field(list, 'Locale', context.locale);
    field(list, 'Sentiment', context.sentimentTrajectory.map(function (value) { return value.toFixed(2); }).join(' → '));
    field(list, 'Queue', detail.route);
    state.suggestion = context.suggestedReply || '';
    $('use-suggestion').hidden = !state.suggestion;
  }

  function appendMessages(messages) {
    messages.forEach(function (message) {
      var who = message.role === 'agent' && message.author ? message.author.name : message.role;
      var item = element('li', message.role);
      item.dataset.role = message.role;
      item.append(element('span', 'who', who), document.createTextNode(message.text));
      $('transcript').append(item);
    });
  }

  function renderMode(detail) {
    var mode = detail.conversation ? detail.conversation.mode : 'closed';
    $('mode').textContent = detail.status === 'closed' ? 'closed' : mode;
    $('join').disabled = mode !== 'waiting' && mode !== 'assistant';
    $('close').disabled = detail.status === 'closed' || mode === 'closed';
  }

  function select(ticketId) {
    state.selected = ticketId;
    state.lastEventId = 0;
    $('transcript').replaceChildren();
    $('detail').hidden = false;
    document.querySelectorAll('#conversations button').forEach(function (button) {
      button.setAttribute('aria-current', String(button.dataset.ticket === ticketId));
    });
    refreshDetail(true);
  }

  function refreshDetail(first) {
    var ticketId = state.selected;
    if (!ticketId) return Promise.resolve();
    return api('conversations/' + encodeURIComponent(ticketId) + '?after=' + state.lastEventId).then(function (detail) {
      if (ticketId !== state.selected) return;
      if (first) renderContext(detail);
      appendMessages(detail.messages);
      state.lastEventId = detail.lastEventId;
      renderMode(detail);
    });
  }

  function refresh() {
    return api('conversations').then(function (json) {
      renderList(json.conversations);
      return refreshDetail(false);
    }).catch(function (error) { say(error.message); });
  }

  /** Resolves true once the relay applied the action; on failure says why and resolves false. */
  function act(path, body) {
    say('');
    return api('conversations/' + encodeURIComponent(state.selected) + '/' + path, body)
      .then(function () { return refresh().then(function () { return true; }); })
      .catch(function (error) { say(error.message); return false; });
  }

  function start() {
    state.conversationId = readHash();
    state.token = sessionStorage.getItem('tandem-inbox-token');
    $('agent-name').value = localStorage.getItem('tandem-agent-name') || 'Agent';
    $('agent-name').addEventListener('change', function () { localStorage.setItem('tandem-agent-name', agent().name); });
    $('token-form').addEventListener('submit', function (event) {
      event.preventDefault();
      state.token = $('token').value;
      sessionStorage.setItem('tandem-inbox-token', state.token);
      $('token-form').hidden = true;
      $('inbox').hidden = false;
      refresh();
    });
    $('join').addEventListener('click', function () { act('join', { actionId: actionId(), agent: agent() }); });
    $('close').addEventListener('click', function () { act('close', { actionId: actionId(), agent: agent() }); });
    $('use-suggestion').addEventListener('click', function () { $('reply').value = state.suggestion; $('reply').focus(); });
    $('reply-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var text = $('reply').value;
      if (!text.trim()) return;
      act('reply', { actionId: actionId(), agent: agent(), text: text }).then(function (done) { if (done) $('reply').value = ''; });
    });
    refresh();
    setInterval(refresh, POLL_MS);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
`;

/** Without an icon the browser asks for /favicon.ico, which the relay does not serve. */
export const INBOX_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="4" fill="#2557d6"/><path d="M4 5h8v5H7l-3 2z" fill="#fff"/></svg>';
