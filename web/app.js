/* The interview chat page: mounts rasa-webchat (socket.io channel of the Rasa server) full-page and
 * renders the bot's custom payloads (question, feedback, hint, summary, progress) as cards.
 *
 * How custom payloads reach us: the Rasa socket.io channel sends each custom payload as its own
 * `bot_uttered` event, {"custom": {...}}. rasa-webchat 1.0.1 treats any bot message that is not
 * text, buttons, a carousel, an image or a video as a component message and renders the
 * `customComponent` prop with the message's keys as props (plus id, isLast and, through
 * react-redux's connect, store and dispatch). So InterviewPayload below gets props.custom.
 * The text of every message is also sent, as a separate bubble just before the card; it stays on
 * the page (accessible fallback), and for feedback and summaries, whose cards show the same thing,
 * it is folded to its first line with a button on the card to unfold it.
 */
(function () {
  'use strict';

  var DEFAULT_SERVER = 'http://localhost:5005';
  var h = React.createElement;

  var statusEl = document.getElementById('status');

  function setStatus(text, kind) {
    statusEl.textContent = text || '';
    statusEl.className = 'status' + (kind ? ' status-' + kind : '');
  }

  function serverUrl() {
    var raw = new URLSearchParams(window.location.search).get('server');
    if (!raw) return DEFAULT_SERVER;
    try {
      var url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch (e) { /* fall through */ }
    setStatus('Ignoring ?server=' + raw + ': it is not an http(s) URL. Using ' + DEFAULT_SERVER + '.', 'error');
    return DEFAULT_SERVER;
  }

  // --- small helpers ------------------------------------------------------------------------
  function num(value) {
    var n = Number(value);
    return isFinite(n) ? n : 0;
  }

  function fmt(value) {
    return num(value).toFixed(1);
  }

  function ratio(score, max) {
    return num(max) > 0 ? Math.max(0, Math.min(1, num(score) / num(max))) : 0;
  }

  function tier(r) {
    if (r >= 0.7) return 'good';
    if (r >= 0.4) return 'fair';
    return 'poor';
  }

  function Badge(props) {
    return h('span', { className: 'ic-badge ' + (props.className || ''), title: props.title }, props.children);
  }

  function ScoreBar(props) {
    var r = ratio(props.score, props.max);
    return h('div', {
      className: 'ic-scorebar' + (props.small ? ' ic-scorebar-small' : ''),
      role: 'meter',
      'aria-label': props.label || 'Score',
      'aria-valuemin': 0,
      'aria-valuemax': num(props.max),
      'aria-valuenow': num(props.score),
      'aria-valuetext': fmt(props.score) + ' out of ' + fmt(props.max)
    }, h('div', { className: 'ic-scorebar-fill ic-tier-' + tier(r), style: { width: (100 * r).toFixed(1) + '%' } }));
  }

  // The text bubble sent just before a card ("twin") is folded for feedback and summaries.
  var TWIN_TEXT = {
    feedback: /^(Score:|No problem|Here's a model answer)/,
    summary: /^Interview summary/,
    progress: /^(Your progress|No answers on record)/
  };

  function twinOf(cardEl, kind) {
    var message = cardEl && cardEl.closest('.rw-message');
    var previous = message && message.previousElementSibling;
    if (!previous || !previous.classList.contains('rw-message') || previous.querySelector('.ic-card')) return null;
    var bubble = previous.querySelector('.rw-response');
    if (!bubble || !TWIN_TEXT[kind] || !TWIN_TEXT[kind].test(bubble.textContent.trim())) return null;
    return previous;
  }

  var twinCounter = 0;

  // Folds the twin text bubble once the card is in the page; returns [twin id or null, open, toggle].
  function useTwin(kind) {
    var ref = React.useRef(null);
    var idRef = React.useRef(null);
    var state = React.useState(false);
    var open = state[0];
    var setOpen = state[1];
    var found = React.useState(false);
    React.useEffect(function () {
      var twin = twinOf(ref.current, kind);
      if (!twin) return;
      if (!twin.id) twin.id = 'ic-twin-' + (++twinCounter);
      idRef.current = twin.id;
      twin.classList.add('ic-twin');
      twin.classList.toggle('ic-twin-open', open);
      found[1](true);
    });
    return {
      ref: ref,
      id: found[0] ? idRef.current : null,
      open: open,
      toggle: function () { setOpen(!open); }
    };
  }

  function TwinToggle(props) {
    if (!props.twin.id) return null;
    return h('button', {
      type: 'button',
      className: 'ic-twin-toggle',
      'aria-controls': props.twin.id,
      'aria-expanded': props.twin.open ? 'true' : 'false',
      onClick: props.twin.toggle
    }, props.twin.open ? 'Fold the text version' : 'Show the text version');
  }

  // --- the cards ------------------------------------------------------------------------------
  function QuestionCard(p) {
    var number = num(p.number);
    var total = num(p.total);
    var steps = [];
    for (var i = 1; i <= total && i <= 20; i++) {
      steps.push(h('span', {
        key: i,
        className: 'ic-step' + (i < number ? ' ic-step-done' : '') + (i === number ? ' ic-step-current' : '')
      }));
    }
    return h('section', {
      className: 'ic-card ic-question' + (p.follow_up ? ' ic-question-follow-up' : ''),
      'data-question-id': p.question_id,
      'aria-label': (p.follow_up ? 'Follow-up on question ' : 'Question ') + number + ' of ' + total
    },
      h('div', { className: 'ic-card-head' },
        h('span', { className: 'ic-question-count' }, 'Question ' + number + ' of ' + total),
        p.follow_up ? h(Badge, { className: 'ic-badge-follow-up' }, 'Follow-up') : null),
      h('div', { className: 'ic-badges' },
        p.track ? h(Badge, { className: 'ic-badge-track', title: 'Track' }, p.track) : null,
        p.topic ? h(Badge, { className: 'ic-badge-topic', title: 'Topic' }, p.topic) : null,
        p.difficulty ? h(Badge, { className: 'ic-badge-level ic-level-' + p.difficulty, title: 'Difficulty' }, p.difficulty) : null),
      total > 1 && total <= 20 ? h('div', { className: 'ic-steps', 'aria-hidden': 'true' }, steps) : null);
  }

  var FLAG_NOTES = {
    non_answer: "That doesn't read as an answer to the question.",
    restated_question: 'That mostly restates the question.',
    better_fit_question: 'That answer fits a different question better.',
    too_short: 'That is too short to judge well.'
  };

  function FeedbackCard(p) {
    var twin = useTwin('feedback');
    var covered = Array.isArray(p.covered) ? p.covered : [];
    var missed = Array.isArray(p.missed) ? p.missed : [];
    var flags = p.flags && typeof p.flags === 'object' ? p.flags : {};
    var notes = Object.keys(FLAG_NOTES).filter(function (k) { return flags[k]; });
    var items = covered.map(function (text, i) {
      return h('li', { key: 'c' + i, className: 'ic-point ic-covered' },
        h('span', { className: 'ic-mark', 'aria-hidden': 'true' }, '\u2713'),
        h('span', { className: 'sr-only' }, 'Covered: '),
        h('span', { className: 'ic-point-text' }, text));
    }).concat(missed.map(function (text, i) {
      return h('li', { key: 'm' + i, className: 'ic-point ic-missed' },
        h('span', { className: 'ic-mark', 'aria-hidden': 'true' }, '\u2717'),
        h('span', { className: 'sr-only' }, 'Missed: '),
        h('span', { className: 'ic-point-text' }, text));
    }));
    return h('section', {
      className: 'ic-card ic-feedback', ref: twin.ref, 'data-question-id': p.question_id,
      'aria-label': 'Feedback: ' + fmt(p.score) + ' out of ' + fmt(p.max_score)
    },
      h('div', { className: 'ic-card-head' },
        h('span', { className: 'ic-card-title' }, 'Feedback'),
        h('span', { className: 'ic-score' },
          h('span', { className: 'ic-score-value' }, fmt(p.score)),
          h('span', { className: 'ic-score-max' }, ' / ' + fmt(p.max_score)))),
      h(ScoreBar, { score: p.score, max: p.max_score }),
      notes.length ? h('ul', { className: 'ic-notes' }, notes.map(function (k) {
        return h('li', { key: k }, FLAG_NOTES[k]);
      })) : null,
      items.length ? h('ul', { className: 'ic-checklist', 'aria-label': 'Key points' }, items) : null,
      p.model_answer ? h('div', { className: 'ic-model-answer' },
        h('h3', null, 'Model answer'),
        h('p', null, p.model_answer)) : null,
      h(TwinToggle, { twin: twin }));
  }

  function HintCard(p) {
    return h('div', { className: 'ic-card ic-hint', 'data-question-id': p.question_id },
      h(Badge, { className: 'ic-badge-hint' }, 'Hint used'),
      h('span', { className: 'ic-hint-note' }, 'This question is now worth less.'));
  }

  function SummaryCard(p) {
    var twin = useTwin('summary');
    var perTrack = p.per_track && typeof p.per_track === 'object' ? p.per_track : {};
    var earlier = p.earlier && typeof p.earlier === 'object' ? p.earlier : {};
    var rows = [];
    Object.keys(perTrack).forEach(function (track) {
      var t = perTrack[track] || {};
      rows.push(h('tr', { key: 't:' + track, className: 'ic-track-row' },
        h('th', { scope: 'row' }, track),
        h('td', { className: 'ic-num' }, fmt(t.score) + ' / ' + fmt(t.max_score)),
        h('td', null, h(ScoreBar, { score: t.score, max: t.max_score, small: true, label: track }))));
      var topics = t.topics && typeof t.topics === 'object' ? t.topics : {};
      Object.keys(topics).forEach(function (topic) {
        var s = topics[topic] || {};
        var before = earlier[track + '/' + topic];
        var change = typeof before === 'number' ? h('span', { className: 'ic-earlier' },
          ' earlier ' + fmt(before) + ' \u2192 now ' + fmt(5 * ratio(s.score, s.max_score)) + ' of 5') : null;
        rows.push(h('tr', { key: 't:' + track + ':' + topic, className: 'ic-topic-row' },
          h('th', { scope: 'row' }, h('span', { className: 'ic-topic-name' }, topic), change),
          h('td', { className: 'ic-num' }, fmt(s.score) + ' / ' + fmt(s.max_score)),
          h('td', null, h(ScoreBar, { score: s.score, max: s.max_score, small: true, label: topic }))));
      });
    });
    var weakest = Array.isArray(p.weakest_topics) ? p.weakest_topics : [];
    var n = num(p.questions);
    return h('section', { className: 'ic-card ic-summary', ref: twin.ref, 'aria-label': 'Interview summary' },
      h('div', { className: 'ic-card-head' },
        h('span', { className: 'ic-card-title' }, 'Interview summary'),
        h('span', { className: 'ic-score' },
          h('span', { className: 'ic-score-value' }, fmt(p.score)),
          h('span', { className: 'ic-score-max' }, ' / ' + fmt(p.max_score)))),
      h('table', { className: 'ic-summary-table' },
        h('caption', { className: 'sr-only' }, 'Score by track and topic'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Track / topic'),
          h('th', { scope: 'col', className: 'ic-num' }, 'Score'),
          h('th', { scope: 'col' }, h('span', { className: 'sr-only' }, 'Bar')))),
        h('tbody', null, rows),
        h('tfoot', null, h('tr', null,
          h('th', { scope: 'row' }, 'Total (' + n + (n === 1 ? ' question)' : ' questions)')),
          h('td', { className: 'ic-num' }, fmt(p.score) + ' / ' + fmt(p.max_score)),
          h('td', null, h(ScoreBar, { score: p.score, max: p.max_score, small: true, label: 'Total' }))))),
      weakest.length ? h('div', { className: 'ic-weakest' },
        h('h3', null, 'Study next'),
        h('ul', null, weakest.map(function (topic, i) { return h('li', { key: i }, topic); }))) : null,
      h(TwinToggle, { twin: twin }));
  }

  // The candidate's progress: a mastery bar per topic (weakest first), what is due, the streak.
  function ProgressCard(p) {
    var twin = useTwin('progress');
    var topics = (Array.isArray(p.topics) ? p.topics : []).slice().sort(function (a, b) {
      return num(a.mastery) - num(b.mastery);
    });
    var due = topics.reduce(function (n, t) { return n + num(t.due); }, 0);
    var rows = topics.map(function (t, i) {
      var pct = Math.round(100 * num(t.mastery));
      return h('tr', { key: i, className: 'ic-topic-row' },
        h('th', { scope: 'row' }, h('span', { className: 'ic-topic-name' }, t.topic),
          h('span', { className: 'ic-topic-track' }, ' (' + t.track + ')')),
        h('td', null, h(ScoreBar, { score: num(t.mastery), max: 1, small: true, label: t.topic + ' mastery' })),
        h('td', { className: 'ic-num' }, pct + '%'),
        h('td', { className: 'ic-num' }, num(t.answered) + ' answered'
          + (num(t.due) ? ', ' + num(t.due) + ' due' : '')));
    });
    return h('section', { className: 'ic-card ic-progress', ref: twin.ref, 'aria-label': 'My progress' },
      h('div', { className: 'ic-card-head' },
        h('span', { className: 'ic-card-title' }, 'My progress'),
        h('span', { className: 'ic-progress-facts' },
          num(p.sessions) + (num(p.sessions) === 1 ? ' session' : ' sessions') + ' \u00b7 '
          + num(p.streak_days) + '-day streak' + (due ? ' \u00b7 ' + due + ' due for review' : ''))),
      rows.length ? h('table', { className: 'ic-summary-table ic-progress-table' },
        h('caption', { className: 'sr-only' }, 'Mastery per topic, weakest first'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Topic'),
          h('th', { scope: 'col' }, 'Mastery'),
          h('th', { scope: 'col', className: 'ic-num' }, h('span', { className: 'sr-only' }, 'Percent')),
          h('th', { scope: 'col', className: 'ic-num' }, 'Answers'))),
        h('tbody', null, rows))
        : h('p', null, 'No answers on record yet: finish a question or two.'),
      h(TwinToggle, { twin: twin }));
  }

  var CARDS = { question: QuestionCard, feedback: FeedbackCard, hint: HintCard, summary: SummaryCard,
                progress: ProgressCard };

  // rasa-webchat's customComponent: props are the bot message's keys ({custom: {...}}).
  function InterviewPayload(props) {
    var payload = props.custom && typeof props.custom === 'object' ? props.custom : props;
    var Card = payload && CARDS[payload.type];
    return Card ? h(Card, payload) : null;
  }

  // --- mounting -------------------------------------------------------------------------------
  var server = serverUrl();
  document.getElementById('server-url').textContent = server;
  setStatus('Connecting to the interview server at ' + server + '\u2026', 'pending');

  // "My progress": asks the bot, as if typed, so the view is a card in the conversation.
  document.getElementById('progress').addEventListener('click', function () {
    var input = document.querySelector('#chat .rw-new-message');
    var send = document.querySelector('#chat .rw-send');
    if (!input || !send) return;
    var proto = input.tagName === 'TEXTAREA' ? window.HTMLTextAreaElement : window.HTMLInputElement;
    Object.getOwnPropertyDescriptor(proto.prototype, 'value').set.call(input, 'my progress');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    send.click();
  });

  document.getElementById('restart').addEventListener('click', function () {
    // A new session id: the widget asks the server for one when none is stored.
    try { window.sessionStorage.removeItem('chat_session'); } catch (e) { /* ignore */ }
    window.location.reload();
  });

  if (!window.WebChat || !window.React || !window.ReactDOM) {
    setStatus('The chat widget did not load (web/vendor is missing: run `make run`).', 'error');
    return;
  }

  // rasa-webchat renders the bot's buttons as plain <div>s: make them reachable and usable from
  // the keyboard (Tab, then Enter or Space) and announced as buttons.
  var chatEl = document.getElementById('chat');
  function enhanceReplies() {
    var replies = chatEl.querySelectorAll('.rw-reply:not([role])');
    for (var i = 0; i < replies.length; i++) {
      replies[i].setAttribute('role', 'button');
      replies[i].setAttribute('tabindex', '0');
    }
  }
  new MutationObserver(enhanceReplies).observe(chatEl, { childList: true, subtree: true });
  chatEl.addEventListener('keydown', function (event) {
    var reply = event.target.closest && event.target.closest('.rw-reply');
    if (reply && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      reply.click();
    }
  });

  var Widget = window.WebChat.default || window.WebChat.Widget;
  window.ReactDOM.render(h(Widget, {
    socketUrl: server,
    socketPath: '/socket.io/',
    initPayload: '/greet',
    title: 'Interview coach',
    subtitle: 'ML Engineer mock interview',
    embedded: true,
    showCloseButton: false,
    showFullScreenButton: false,
    hideWhenNotConnected: false,
    withRules: false,
    connectingText: 'Connecting to the interview server\u2026',
    inputTextFieldHint: 'Type your answer, or "hint", "skip", "stop"\u2026',
    params: { storage: 'session' },
    customComponent: InterviewPayload,
    customMessageDelay: function () { return 350; },
    onSocketEvent: {
      connect: function () { setStatus(''); },
      connect_error: function () {
        setStatus('Cannot reach the interview server at ' + server + '. Is it running (make run)? Retrying\u2026', 'error');
      },
      disconnect: function () {
        setStatus('Lost the connection to ' + server + '. Reconnecting\u2026', 'error');
      }
    }
  }), document.getElementById('chat'));
}());
