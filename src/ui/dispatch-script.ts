/**
 * The dispatch board's only script: live alerts over SSE, the 3-minute countdowns and acknowledgement
 * without a page reload. Without it the board still works (reload, plain form POST).
 */
export const DISPATCH_SCRIPT = `
(function () {
  var openBox = document.getElementById('open-alerts');
  var ackedBox = document.getElementById('acked-alerts');
  var status = document.getElementById('live-status');
  var count = document.getElementById('open-count');
  var loaded = performance.now();

  function say(text) { status.textContent = text; }
  function fragment(html) { var t = document.createElement('template'); t.innerHTML = html.trim(); return t.content.firstElementChild; }
  function recount() { count.textContent = String(openBox.querySelectorAll('article.alert').length); var none = document.getElementById('no-alerts'); if (none) none.hidden = openBox.children.length > 0; }

  function place(html, where) {
    var el = fragment(html);
    var old = document.getElementById(el.id);
    if (old) old.remove();
    el.dataset.loadedAt = String(performance.now());
    if (where === 'acked') ackedBox.prepend(el); else openBox.prepend(el);
    recount();
    tick();
    return el;
  }

  function tick() {
    var now = performance.now();
    document.querySelectorAll('.countdown[data-remaining-ms]').forEach(function (el) {
      var card = el.closest('article');
      var base = card && card.dataset.loadedAt ? Number(card.dataset.loadedAt) : loaded;
      var left = Number(el.dataset.remainingMs) - (now - base);
      if (left <= 0) { el.textContent = '已超时'; el.classList.add('late'); return; }
      var s = Math.ceil(left / 1000);
      el.textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
    });
  }
  setInterval(tick, 1000);

  var es = new EventSource('/dispatch/stream');
  es.addEventListener('ready', function () { say('实时预警已连接。'); });
  es.addEventListener('alert', function (e) {
    var d = JSON.parse(e.data);
    var el = place(d.html, 'open');
    var title = el.querySelector('h3');
    say('新红色预警：' + (title ? title.textContent : d.id));
  });
  es.addEventListener('escalation', function (e) {
    var d = JSON.parse(e.data);
    place(d.html, 'open');
    say('预警 ' + d.id + ' 未及时签收，已升级。');
  });
  es.addEventListener('ack', function (e) {
    var d = JSON.parse(e.data);
    place(d.html, 'acked');
  });
  es.addEventListener('notice', function (e) { say(JSON.parse(e.data).text); });
  // The server ends the stream when the session or key ends (http/auth/stream-guard.ts): say so, do not retry.
  es.addEventListener('end', function (e) { es.close(); say(JSON.parse(e.data).message); });
  es.onerror = function () { say('实时连接中断，正在重连…'); };

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form.classList && form.classList.contains('reveal-form')) {
      e.preventDefault();
      var card = form.closest('article');
      fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { 'x-requested-with': 'fetch' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { var el = fragment(html); el.dataset.loadedAt = String(performance.now()); card.replaceWith(el); tick(); var b = el.querySelector('.ack-form button'); if (b) b.focus(); })
        .catch(function () { say('无法显示联系方式。'); });
      return;
    }
    if (!form.classList || !form.classList.contains('ack-form')) return;
    e.preventDefault();
    var button = form.querySelector('button');
    button.disabled = true;
    fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { 'x-requested-with': 'fetch' }, credentials: 'same-origin' })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (r) {
        if (!r.ok) { button.disabled = false; say('签收失败，请刷新页面后重试。'); return; }
        var el = place(r.text, 'acked');
        say('已签收：' + el.id.replace('alert-', ''));
        var next = openBox.querySelector('article.alert .ack-form button');
        (next || document.getElementById('open-title')).focus();
      })
      .catch(function () { button.disabled = false; say('签收失败：网络错误。'); });
  });
})();
`;
