/**
 * The console page, as strings so the relay serves it on Workers too (no file system, no build step). Plain HTML,
 * one script and one stylesheet, nothing inline, so it runs under a strict Content-Security-Policy, and none of it
 * is part of the widget's bundle. Paths are relative, so it also works when the relay is mounted under a prefix.
 */
export const CONSOLE_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tandem console</title>
<link rel="icon" href="console/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="console/console.css">
<script src="console/console.js" defer></script>
</head>
<body>
<header class="bar">
  <h1>Tandem console</h1>
  <nav aria-label="Sections" id="sections" hidden>
    <a href="#view=conversations" id="nav-conversations">Conversations</a>
    <a href="#view=figures" id="nav-figures">Figures</a>
  </nav>
  <div class="who" id="who" hidden>
    <label>Your name <input id="agent-name" autocomplete="name" maxlength="100" required aria-describedby="name-hint"></label>
    <span id="name-hint" class="hint">Customers see this name when you join.</span>
    <button id="sign-out" type="button">Sign out</button>
  </div>
</header>
<p id="status" role="status" class="status"></p>
<main>
<section id="sign-in" aria-labelledby="sign-in-title" hidden>
  <h2 id="sign-in-title">Sign in</h2>
  <p id="sign-in-message">Enter the staff token your administrator gave you to see conversations.</p>
  <form id="sign-in-form">
    <label>Staff token <input id="token" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form>
</section>
<section id="conversations-view" aria-labelledby="conversations-title" hidden>
  <h2 id="conversations-title">Conversations</h2>
  <table id="conversations">
    <caption>Newest activity first. Waiting times count from the moment a person was asked for.</caption>
    <thead><tr><th scope="col">Customer and open question</th><th scope="col">Mode</th><th scope="col">Waiting</th><th scope="col">Sentiment</th><th scope="col">Why handed off</th><th scope="col">Handoff</th><th scope="col">Last activity</th></tr></thead>
    <tbody id="conversation-rows"></tbody>
  </table>
  <p id="empty" hidden>No conversations yet. They appear here as soon as a visitor writes.</p>
  <section id="detail" aria-labelledby="detail-title" hidden>
    <h2 id="detail-title">Conversation</h2>
    <dl id="facts"></dl>
    <div class="actions" id="review">
      <span id="review-label">Was the handoff needed?</span>
      <button id="review-needed" type="button" aria-describedby="review-label">Needed</button>
      <button id="review-not-needed" type="button" aria-describedby="review-label">Not needed</button>
      <span id="review-state"></span>
    </div>
    <div class="actions" id="agent-actions" hidden>
      <button id="join" type="button">Take over</button>
      <button id="close" type="button">Close conversation</button>
    </div>
    <h3>Transcript</h3>
    <ol id="transcript"></ol>
    <form id="reply-form" hidden>
      <label for="reply">Reply to the customer</label>
      <textarea id="reply" rows="3" maxlength="4000"></textarea>
      <label for="reply-file">Send a file (a picture or a PDF, such as a return label)</label>
      <input id="reply-file" type="file" accept="image/jpeg,image/png,image/webp,image/gif,application/pdf">
      <div class="actions">
        <button id="use-suggestion" type="button">Use the suggested reply</button>
        <button id="send" type="submit">Send</button>
        <span id="reply-hint" class="hint"></span>
      </div>
    </form>
  </section>
</section>
<section id="figures-view" aria-labelledby="figures-title" hidden>
  <h2 id="figures-title">Figures</h2>
  <form id="period-form" class="actions">
    <label>From <input id="period-from" type="date" required></label>
    <label>To (inclusive) <input id="period-to" type="date" required></label>
    <button type="submit">Show</button>
  </form>
  <div id="figures"></div>
</section>
</main>
</body>
</html>
`;

export const CONSOLE_STYLES = `
:root { font-family: system-ui, sans-serif; color: #1d2330; background: #f5f6f8; }
body { margin: 0; }
[hidden] { display: none !important; }
.bar { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .75rem 1rem; background: #1d2330; color: #fff; }
.bar h1 { font-size: 1.1rem; margin: 0; }
.bar nav { display: flex; gap: .75rem; margin-right: auto; }
.bar a { color: #fff; }
.bar a[aria-current="page"] { font-weight: 700; }
.bar .hint { color: #d7dbe3; }
.who { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.who input { margin-left: .4rem; }
.hint { font-size: .8rem; color: #4a5163; }
.status { margin: 0; padding: .4rem 1rem; min-height: 1.2rem; }
main { padding: 0 1rem 2rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
caption { text-align: left; padding: .4rem 0; color: #4a5163; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid #d9dde4; }
td button.open { font: inherit; background: none; border: 0; padding: 0; color: #1c46b8; text-decoration: underline; cursor: pointer; text-align: left; }
tr[aria-current="true"] { background: #eef3ff; }
.question { display: block; color: #3b4252; }
#detail { margin-top: 1rem; background: #fff; border: 1px solid #cfd4dc; border-radius: 8px; padding: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; white-space: pre-wrap; }
#transcript { list-style: none; padding: 0; }
#transcript li { margin: .4rem 0; padding: .5rem .7rem; border-radius: 8px; background: #eef0f4; }
#transcript li.visitor { background: #e4ecff; }
#transcript li.agent { background: #e3f5e8; }
#transcript li.system, #transcript li.unshown { background: #fff4d6; }
#transcript .who { display: block; font-size: .8rem; color: #3b4252; }
#transcript .text { white-space: pre-wrap; }
#transcript .files { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .3rem; }
#transcript .files img { max-width: 160px; max-height: 120px; border-radius: 4px; display: block; }
.assessment { font-size: .85rem; margin-top: .3rem; }
textarea { width: 100%; box-sizing: border-box; font: inherit; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
button { font: inherit; }
.figures-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .6rem; margin: .8rem 0; }
.figure { background: #fff; border: 1px solid #cfd4dc; border-radius: 8px; padding: .6rem .8rem; }
.figure .value { display: block; font-size: 1.5rem; font-weight: 700; }
pre { background: #fff; border: 1px solid #cfd4dc; padding: .6rem; white-space: pre-wrap; }
.group { margin: 1rem 0; }
`;

/** Without an icon the browser asks for /favicon.ico, which the relay does not serve. */
export const CONSOLE_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="4" fill="#2557d6"/><path d="M4 5h8v5H7l-3 2z" fill="#fff"/></svg>';
