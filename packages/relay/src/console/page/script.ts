/**
 * The console's script: plain browser JavaScript with no dependencies, served as /console/console.js. It reads
 * only the staff API (/v1/console, and /v1/agent for conversations answered here), and never writes HTML from
 * data: every text goes in through textContent.
 */
export const CONSOLE_SCRIPT = `'use strict';
(function () {
  var POLL_MS = 2000;
  var LIST_DAYS = 7;
  var TOKEN_KEY = 'tandem-staff-token';
  var NAME_KEY = 'tandem-agent-name';
  var MODE_WAITING = 'waiting';
  var state = { token: null, view: 'conversations', selected: null, detail: null, timer: null, signedIn: false };
  var $ = function (id) { return document.getElementById(id); };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function say(text) { $('status').textContent = text; }

  /** Pictures as thumbnails that open full size, PDFs as downloads; the links are signed by the relay for an hour. */
  function filesNode(attachments) {
    var files = element('div', 'files');
    attachments.forEach(function (attachment) {
      var link = element('a');
      link.href = attachment.url;
      link.rel = 'noopener';
      if (attachment.contentType.indexOf('image/') === 0) {
        link.target = '_blank';
        var image = element('img');
        image.src = attachment.url;
        image.alt = attachment.name;
        link.append(image);
      } else {
        link.download = attachment.name;
        link.textContent = attachment.name + ' (' + Math.max(1, Math.round(attachment.size / 1024)) + ' KB)';
      }
      files.append(link);
    });
    return files;
  }

  /** Sends the chosen file as its own message, the raw bytes as the body. */
  function sendFile(file) {
    var ticketId = state.detail && state.detail.summary.inboxTicketId;
    if (!ticketId) return Promise.resolve(false);
    var query = new URLSearchParams({ actionId: crypto.randomUUID(), agent: agentName(), name: file.name });
    var headers = { 'content-type': 'application/octet-stream' };
    if (state.token) headers.authorization = 'Bearer ' + state.token;
    say('Sending ' + file.name + '…');
    return fetch('v1/agent/conversations/' + encodeURIComponent(ticketId) + '/attachments?' + query, { method: 'POST', headers: headers, body: file })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (!response.ok) throw new Error(json.error ? json.error.message : 'The relay answered ' + response.status + '.');
          say(file.name + ' sent.');
          return refreshConversations().then(function () { return true; });
        });
      })
      .catch(function (error) { say(error.message); return false; });
  }

  /** #token=… signs in (then leaves the address), #conversation=… opens one, #view=… picks the section. */
  function readAddress() {
    var params = new URLSearchParams(location.hash.slice(1));
    var token = params.get('token');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      state.token = token;
      params.delete('token');
      history.replaceState(null, '', location.pathname + location.search + (params.toString() ? '#' + params : ''));
    }
    if (params.get('view') === 'figures') state.view = 'figures';
    else if (params.get('view') === 'conversations' || params.get('conversation')) state.view = 'conversations';
    if (params.get('conversation')) state.selected = params.get('conversation');
  }

  function api(path, body) {
    var headers = { 'content-type': 'application/json' };
    if (state.token) headers.authorization = 'Bearer ' + state.token;
    var init = body === undefined ? { headers: headers } : { method: 'POST', headers: headers, body: JSON.stringify(body) };
    return fetch('v1/' + path, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.status === 401) {
          signOut(state.token ? 'That staff token was not accepted. Check it and sign in again.' : undefined);
          throw new Error('signed out');
        }
        if (!response.ok) throw new Error(json.error ? json.error.message : 'The relay answered ' + response.status + '.');
        return json;
      });
    });
  }

  function showSignedIn(signedIn) {
    state.signedIn = signedIn;
    $('sign-in').hidden = signedIn;
    $('sections').hidden = !signedIn;
    $('who').hidden = !signedIn;
    $('conversations-view').hidden = !signedIn || state.view !== 'conversations';
    $('figures-view').hidden = !signedIn || state.view !== 'figures';
    $('nav-conversations').setAttribute('aria-current', state.view === 'conversations' ? 'page' : 'false');
    $('nav-figures').setAttribute('aria-current', state.view === 'figures' ? 'page' : 'false');
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    $('sign-in-message').textContent = message || 'Enter the staff token your administrator gave you to see conversations.';
    showSignedIn(false);
    $('token').focus();
  }

  // --- words and times ---

  function clock(iso) {
    var date = new Date(iso);
    var today = new Date().toDateString() === date.toDateString();
    return today ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  }

  function duration(ms) {
    if (ms < 1000) return Math.max(0, Math.round(ms)) + ' ms';
    var seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60) return seconds + ' s';
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + ' min ' + (seconds % 60) + ' s';
    var hours = Math.floor(minutes / 60);
    return hours + ' h ' + (minutes % 60) + ' min';
  }

  function mood(value) {
    if (value <= -0.5) return 'upset';
    if (value < -0.15) return 'unhappy';
    if (value < 0.15) return 'neutral';
    return 'positive';
  }

  function trajectory(values) {
    if (!values || values.length === 0) return 'not measured';
    var words = values.map(function (value) { return mood(value) + ' (' + value.toFixed(2) + ')'; });
    var trend = '';
    if (values.length > 1) {
      var change = values[values.length - 1] - values[0];
      trend = change < -0.2 ? ', getting worse' : change > 0.2 ? ', getting better' : ', steady';
    }
    return words.join(' → ') + trend;
  }

  var HANDOFF_WORDS = { requested: 'a person was asked for', connected: 'a person has joined', unavailable: 'nobody was available', failed: 'no helpdesk took it yet' };
  var OUTCOME_WORDS = { answered: 'answered', escalated: 'handed off before any text was shown', failed: 'the assistant failed' };
  var VERDICT_WORDS = { needed: 'needed', not_needed: 'not needed' };

  function handoffText(summary) {
    if (!summary.handoffStatus) return 'none';
    return HANDOFF_WORDS[summary.handoffStatus] || summary.handoffStatus;
  }

  function waiting(summary, now) {
    return summary.waitingSince ? duration(Date.parse(now) - Date.parse(summary.waitingSince)) : '';
  }

  function ticketNode(ticket) {
    if (!ticket) return document.createTextNode('');
    if (ticket.url) {
      var link = element('a', '', 'Open ticket in ' + ticket.adapter);
      link.href = ticket.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      return link;
    }
    return element('span', '', ticket.adapter === 'inbox' ? 'in the local inbox (answer here)' : ticket.adapter + ' ticket ' + ticket.id);
  }

  // --- conversations ---

  function renderList(json) {
    var rows = $('conversation-rows');
    rows.replaceChildren();
    $('empty').hidden = json.conversations.length > 0;
    $('conversations').hidden = json.conversations.length === 0;
    json.conversations.forEach(function (item) {
      var row = element('tr');
      row.dataset.conversation = item.conversationId;
      row.setAttribute('aria-current', String(item.conversationId === state.selected));
      var open = element('button', 'open', item.customer || 'Visitor');
      open.type = 'button';
      open.addEventListener('click', function () { select(item.conversationId); });
      var first = element('td');
      first.append(open, element('span', 'question', item.lastQuestion || 'No question yet'));
      var handoff = element('td', '', handoffText(item));
      if (item.ticket) { handoff.append(element('br'), ticketNode(item.ticket)); }
      if (item.verdict) handoff.append(element('br'), document.createTextNode('Marked ' + VERDICT_WORDS[item.verdict]));
      row.append(
        first,
        element('td', 'mode', item.modeText),
        element('td', 'waiting', waiting(item, json.now)),
        element('td', '', trajectory(item.sentiment)),
        element('td', 'why', item.why.join('; ') || '—'),
        handoff,
        element('td', '', clock(item.lastActivityAt))
      );
      rows.append(row);
    });
  }

  function fact(list, name, value) {
    if (value === undefined || value === null || value === '') return;
    list.append(element('dt', '', name));
    var dd = element('dd');
    if (typeof value === 'string') dd.textContent = value; else dd.append(value);
    list.append(dd);
  }

  function decisionText(decision) {
    var inputs = decision.signals;
    var parts = [
      'mood ' + trajectory(inputs.sentimentHistory),
      'asked for a person: ' + (inputs.humanRequest ? 'yes' + (inputs.humanRequestPhrase ? ' ("' + inputs.humanRequestPhrase + '")' : '') : 'no'),
      'sensitive topics: ' + (inputs.topics.length ? inputs.topics.map(function (topic) { return topic.id + ' ("' + topic.phrase + '")'; }).join(', ') : 'none'),
      'VIP: ' + (inputs.vip ? 'yes' : 'no'),
      'same question again: ' + inputs.repeats + ' time' + (inputs.repeats === 1 ? '' : 's'),
      'unsure in a row: ' + inputs.lowConfidenceStreak
    ];
    if (inputs.assistantConfidence !== undefined) parts.push('assistant confidence ' + inputs.assistantConfidence.toFixed(2));
    var stage = decision.stage === 'before-assistant' ? 'On the visitor\\'s words' : 'On the assistant\\'s assessment';
    var outcome = decision.escalate ? 'hand off (' + decision.whyText.join('; ') + ')' : 'let the assistant answer';
    return stage + ': ' + outcome + '. Inputs: ' + parts.join('; ') + '.';
  }

  function assessmentNode(turn) {
    var box = element('div', 'assessment');
    var line = 'Confidence ' + (turn.confidence === null ? 'not given' : turn.confidence.toFixed(2)) + ' · Sources: ' + (turn.citations.length ? turn.citations.join(', ') : 'none');
    if (turn.latencyMs && turn.latencyMs.firstText !== undefined) line += ' · first text after ' + duration(turn.latencyMs.firstText);
    box.append(element('div', 'confidence', line));
    if (turn.decisions.length) {
      var details = element('details');
      details.append(element('summary', '', 'Policy decision'));
      turn.decisions.forEach(function (decision) { details.append(element('p', 'decision', decisionText(decision))); });
      box.append(details);
    }
    return box;
  }

  function describeDecisions(detail) {
    var reasonWords = {};
    detail.summary.reasons.forEach(function (reason, index) { reasonWords[reason] = detail.summary.why[index]; });
    function words(decision) { decision.whyText = decision.reasons.map(function (reason) { return reasonWords[reason] || reason; }); }
    detail.transcript.forEach(function (line) { if (line.turn) line.turn.decisions.forEach(words); });
    detail.unshown.forEach(function (turn) { turn.decisions.forEach(function (decision) { decision.whyText = turn.why; }); });
  }

  function renderDetail(detail, now) {
    describeDecisions(detail);
    var summary = detail.summary;
    $('detail').hidden = false;
    $('detail-title').textContent = 'Conversation with ' + (summary.customer || 'a visitor');
    var facts = $('facts');
    facts.replaceChildren();
    fact(facts, 'Open question', summary.lastQuestion || 'No question yet');
    fact(facts, 'Mode', summary.modeText);
    if (summary.waitingSince) fact(facts, 'Waiting', duration(Date.parse(now) - Date.parse(summary.waitingSince)) + ' (since ' + clock(summary.waitingSince) + ')');
    fact(facts, 'Started', clock(summary.createdAt));
    fact(facts, 'Why handed off', summary.why.join('; '));
    fact(facts, 'Handoff', handoffText(summary));
    if (summary.ticket) fact(facts, 'Ticket', ticketNode(summary.ticket));
    fact(facts, 'Sentiment', trajectory(summary.sentiment));
    if (detail.handoff) {
      fact(facts, 'Summary for the agent', detail.handoff.summary);
      fact(facts, 'Suggested reply', detail.handoff.suggestedReply);
    }
    if (summary.rating !== null) fact(facts, 'Rating', summary.rating + ' of 5');

    var handedOff = summary.handoffStatus !== null;
    $('review').hidden = !handedOff;
    $('review-state').textContent = summary.verdict ? 'Marked ' + VERDICT_WORDS[summary.verdict] + '.' : 'Not marked yet.';

    var transcript = $('transcript');
    transcript.replaceChildren();
    var entries = detail.transcript.map(function (line) { return { at: line.message.createdAt, line: line }; })
      .concat(detail.unshown.map(function (turn) { return { at: turn.at, unshown: turn }; }))
      .sort(function (left, right) { return left.at < right.at ? -1 : left.at > right.at ? 1 : 0; });
    entries.forEach(function (entry) {
      if (entry.unshown) {
        var turn = entry.unshown;
        var note = element('li', 'unshown');
        note.append(element('span', 'who', 'Policy · ' + clock(turn.at)), element('span', 'text', 'Not answered by the assistant: ' + OUTCOME_WORDS[turn.outcome] + (turn.why.length ? ' — ' + turn.why.join('; ') : '') + (turn.confidence !== null ? ' (confidence ' + turn.confidence.toFixed(2) + ')' : '')));
        if (turn.decisions.length) {
          var details = element('details');
          details.append(element('summary', '', 'Policy decision'));
          turn.decisions.forEach(function (decision) { details.append(element('p', 'decision', decisionText(decision))); });
          note.append(details);
        }
        transcript.append(note);
        return;
      }
      var message = entry.line.message;
      var who = message.role === 'agent' ? (message.author ? message.author.name : 'Agent') : message.role === 'visitor' ? 'Visitor' : message.role === 'assistant' ? 'Assistant' : 'Notice';
      var item = element('li', message.role);
      item.dataset.role = message.role;
      item.append(element('span', 'who', who + ' · ' + clock(message.createdAt)), element('span', 'text', message.text));
      if (message.attachments && message.attachments.length) item.append(filesNode(message.attachments));
      if (entry.line.turn) item.append(assessmentNode(entry.line.turn));
      transcript.append(item);
    });

    var inbox = summary.inboxTicketId !== null;
    var closed = summary.mode === 'closed' || (detail.handoff && detail.handoff.status === 'closed');
    $('agent-actions').hidden = !inbox;
    $('reply-form').hidden = !inbox;
    $('join').disabled = closed || summary.mode === 'human';
    $('close').disabled = closed;
    $('reply').disabled = closed;
    $('reply-file').disabled = closed;
    $('send').disabled = closed;
    $('use-suggestion').hidden = !(detail.handoff && detail.handoff.suggestedReply);
    $('use-suggestion').disabled = closed;
    $('reply-hint').textContent = closed ? 'This conversation is closed; the customer can no longer receive replies.' : '';
  }

  function select(conversationId) {
    state.selected = conversationId;
    history.replaceState(null, '', location.pathname + location.search + '#conversation=' + encodeURIComponent(conversationId));
    document.querySelectorAll('#conversation-rows tr').forEach(function (row) {
      row.setAttribute('aria-current', String(row.dataset.conversation === conversationId));
    });
    refreshDetail().then(function () { $('detail-title').focus(); });
  }

  function refreshDetail() {
    var conversationId = state.selected;
    if (!conversationId) return Promise.resolve();
    return api('console/conversations/' + encodeURIComponent(conversationId)).then(function (detail) {
      if (conversationId !== state.selected) return;
      state.detail = detail;
      renderDetail(detail, detail.now);
    });
  }

  function refreshConversations() {
    var since = new Date(Date.now() - LIST_DAYS * 86400000).toISOString();
    return api('console/conversations?since=' + encodeURIComponent(since)).then(function (json) {
      renderList(json);
      return refreshDetail();
    });
  }

  // --- figures ---

  function percent(value) { return value === null ? '—' : Math.round(value * 100) + ' %'; }
  function ms(value) { return value === null ? '—' : duration(value); }

  function figure(grid, label, value) {
    var box = element('div', 'figure');
    box.append(element('span', 'value', String(value)), element('span', 'label', label));
    grid.append(box);
  }

  function reasonWords(reason) {
    var words = { visitor_request: 'pressed "Talk to a person"', human_requested: 'asked for a person', low_confidence: 'assistant unsure of the answer', low_confidence_streak: 'assistant unsure several times in a row', negative_sentiment: 'customer upset', worsening_sentiment: 'mood getting worse', sensitive_topic: 'sensitive topic', repeated_question: 'asked the same thing again', vip: 'VIP customer', attachment: 'sent a picture or file', all: 'all handoffs' };
    var topic = /^topic:(.+)$/.exec(reason);
    return topic ? 'sensitive topic: ' + topic[1].replace(/[_-]+/g, ' ') : (words[reason] || reason);
  }

  function table(caption, headings, rows) {
    var node = element('table');
    node.append(element('caption', '', caption));
    var head = element('tr');
    headings.forEach(function (heading) { var cell = element('th', '', heading); cell.scope = 'col'; head.append(cell); });
    var thead = element('thead');
    thead.append(head);
    var body = element('tbody');
    rows.forEach(function (cells) {
      var row = element('tr');
      cells.forEach(function (cell) { row.append(element('td', '', String(cell))); });
      body.append(row);
    });
    node.append(thead, body);
    return node;
  }

  function renderFigures(figures) {
    var root = $('figures');
    root.replaceChildren();
    var total = figures.total;
    var grid = element('div', 'figures-grid');
    grid.dataset.figures = 'total';
    figure(grid, 'Conversations', total.conversations);
    figure(grid, 'Answered by the assistant without a person', total.answeredByAssistant);
    figure(grid, 'Handed off to a person', total.handedOff);
    figure(grid, 'Nobody available', total.nobodyAvailable);
    figure(grid, 'Left an address', total.leftAddresses);
    figure(grid, 'CSAT (share rating 4 or 5, of ' + total.csat.ratings + ')', percent(total.csat.satisfied));
    figure(grid, 'Average rating', total.csat.average === null ? '—' : total.csat.average.toFixed(1));
    figure(grid, 'Time to first answer, median', ms(total.timeToFirstAnswerMs.p50));
    figure(grid, 'Time to first answer, 95th percentile', ms(total.timeToFirstAnswerMs.p95));
    figure(grid, 'Resolved, confirmed by the visitor', total.resolutions.confirmed);
    figure(grid, 'Resolved, assumed (visitor left)', total.resolutions.assumed);
    root.append(element('h3', '', 'The period'), grid);

    root.append(element('h3', '', 'Handed off, by reason'));
    var reasons = Object.keys(total.handedOffByReason);
    root.append(reasons.length ? table('Handoffs by reason; a handoff with two reasons counts under both.', ['Reason', 'Handoffs'], reasons.map(function (reason) { return [reasonWords(reason), total.handedOffByReason[reason]]; })) : element('p', '', 'No handoffs in this period.'));

    root.append(element('h3', '', 'Were the handoffs right?'));
    root.append(figures.precision.length ? table('Escalation precision in production: the share of marked handoffs that agents found needed.', ['Reason', 'Needed', 'Not needed', 'Precision'], figures.precision.map(function (line) { return [reasonWords(line.reason), line.needed, line.notNeeded, percent(line.precision)]; })) : element('p', '', 'No handoff has been marked yet. Mark handoffs as needed or not needed on each conversation, with a reaction in Slack or a tag in Zendesk.'));

    root.append(element('h3', '', 'Per day'));
    root.append(table('One row per day (UTC).', ['Day', 'Conversations', 'Answered alone', 'Handed off', 'Nobody available', 'Addresses', 'CSAT', 'First answer p50', 'First answer p95'], figures.days.map(function (day) {
      return [day.day, day.conversations, day.answeredByAssistant, day.handedOff, day.nobodyAvailable, day.leftAddresses, percent(day.csat.satisfied), ms(day.timeToFirstAnswerMs.p50), ms(day.timeToFirstAnswerMs.p95)];
    })));

    root.append(element('h3', '', 'Questions the assistant could not answer'));
    if (!figures.unanswered.length) root.append(element('p', '', 'None in this period.'));
    figures.unanswered.forEach(function (group, index) {
      var section = element('section', 'group');
      var titleId = 'unanswered-' + index;
      var title = element('h4', '', group.representative + ' (' + group.questions.length + ')');
      title.id = titleId;
      section.setAttribute('aria-labelledby', titleId);
      var list = element('ul');
      group.questions.slice(0, 5).forEach(function (question) { list.append(element('li', '', question.question + ' · ' + clock(question.at))); });
      var draftLabel = element('p', '', 'Turn this into knowledge: a draft section for your knowledge folder.');
      var draft = element('pre', 'draft', group.draft);
      var copy = element('button', '', 'Copy the draft');
      copy.type = 'button';
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(group.draft).then(function () { say('Draft copied.'); }, function () { say('Select the draft and copy it.'); });
      });
      section.append(title, list, draftLabel, draft, copy);
      root.append(section);
    });
  }

  function defaultPeriod() {
    var today = new Date();
    var from = new Date(today.getTime() - 6 * 86400000);
    $('period-from').value = from.toISOString().slice(0, 10);
    $('period-to').value = today.toISOString().slice(0, 10);
  }

  function refreshFigures() {
    var from = $('period-from').value;
    var to = $('period-to').value;
    var end = new Date(Date.parse(to + 'T00:00:00Z') + 86400000).toISOString();
    return api('console/figures?from=' + encodeURIComponent(from + 'T00:00:00Z') + '&to=' + encodeURIComponent(end)).then(renderFigures);
  }

  // --- actions ---

  function agentName() { return $('agent-name').value.trim(); }

  /** Agents act under their own name; no default name ever reaches a customer. */
  function requireName() {
    if (agentName()) return true;
    say('Enter your name first: customers see it when you join or reply.');
    $('agent-name').focus();
    return false;
  }

  function act(path, body) {
    say('');
    var ticketId = state.detail && state.detail.summary.inboxTicketId;
    if (!ticketId) return Promise.resolve(false);
    return api('agent/conversations/' + encodeURIComponent(ticketId) + '/' + path, body)
      .then(function () { return refreshConversations().then(function () { return true; }); })
      .catch(function (error) { if (error.message !== 'signed out') say(error.message); return false; });
  }

  function review(verdict) {
    if (!requireName()) return;
    api('console/conversations/' + encodeURIComponent(state.selected) + '/review', { verdict: verdict, reviewer: agentName() })
      .then(function () { say('Marked as ' + VERDICT_WORDS[verdict] + '.'); return refreshConversations(); })
      .catch(function (error) { if (error.message !== 'signed out') say(error.message); });
  }

  function refresh() {
    var work = state.view === 'figures' ? refreshFigures() : refreshConversations();
    return work.then(function () { if (!state.signedIn) showSignedIn(true); }).catch(function (error) { if (error.message !== 'signed out') say(error.message); });
  }

  function start() {
    readAddress();
    state.token = state.token || sessionStorage.getItem(TOKEN_KEY);
    $('agent-name').value = localStorage.getItem(NAME_KEY) || '';
    $('agent-name').addEventListener('change', function () { localStorage.setItem(NAME_KEY, agentName()); });
    defaultPeriod();
    window.addEventListener('hashchange', function () {
      var previous = state.token;
      readAddress();
      if (state.token !== previous) $('sign-in').hidden = true;
      showSignedIn(state.signedIn);
      refresh();
    });
    $('sign-in-form').addEventListener('submit', function (event) {
      event.preventDefault();
      state.token = $('token').value.trim();
      $('token').value = '';
      sessionStorage.setItem(TOKEN_KEY, state.token);
      showSignedIn(true);
      refresh();
    });
    $('sign-out').addEventListener('click', function () { signOut('Signed out.'); });
    $('period-form').addEventListener('submit', function (event) { event.preventDefault(); refresh(); });
    $('review-needed').addEventListener('click', function () { review('needed'); });
    $('review-not-needed').addEventListener('click', function () { review('not_needed'); });
    $('join').addEventListener('click', function () { if (requireName()) act('join', { actionId: crypto.randomUUID(), agent: { name: agentName() } }); });
    $('close').addEventListener('click', function () { if (requireName()) act('close', { actionId: crypto.randomUUID(), agent: { name: agentName() } }); });
    $('use-suggestion').addEventListener('click', function () { $('reply').value = state.detail.handoff.suggestedReply || ''; $('reply').focus(); });
    $('reply-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var text = $('reply').value;
      var file = $('reply-file').files[0];
      if ((!text.trim() && !file) || !requireName()) return;
      var sentText = text.trim() ? act('reply', { actionId: crypto.randomUUID(), agent: { name: agentName() }, text: text }) : Promise.resolve(true);
      sentText.then(function (done) {
        if (!done) return false;
        $('reply').value = '';
        return file ? sendFile(file).then(function (sent) { if (sent) $('reply-file').value = ''; }) : true;
      });
    });
    $('detail-title').tabIndex = -1;
    showSignedIn(false);
    // Signed in once the relay accepts the token (or needs none, in development); a 401 shows the sign-in form.
    refresh();
    state.timer = setInterval(function () { if (state.view === 'conversations' && state.signedIn) refresh(); }, POLL_MS);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
`;
