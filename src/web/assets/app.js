// Vigie's figures: draws the four charts of the report and of the dashboard with
// Chart.js. Report mode reads the data embedded in the page (#vigie-data) and links
// each bar to the evidence table the report carries; dashboard mode asks the JSON API
// (/api/...) with the filters of the form and loads the alerts behind a bar on click.
// Text from the store is only ever set with textContent, never as HTML.
(function () {
  'use strict';
  const body = document.body;
  const mode = body.dataset.mode;
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf', '#393b79', '#ad494a', '#637939'];
  const charts = {};
  let drawn = 0;

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }
  function day(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function draw(id, config, labels, total) {
    const canvas = document.getElementById(id);
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options);
    // Counts are whole numbers: no 0.5 ticks on the count axis.
    const countAxis = (config.options.indexAxis === 'y') ? 'x' : 'y';
    const scales = config.options.scales = config.options.scales || {};
    if (!scales[countAxis] || scales[countAxis].type !== 'linear')
      scales[countAxis] = Object.assign({ beginAtZero: true, ticks: { precision: 0 } }, scales[countAxis]);
    const chart = new Chart(canvas, config);
    charts[id] = chart;
    // What the test (and a curious reader) can check: labels drawn and their sum.
    canvas.dataset.labels = JSON.stringify(labels);
    canvas.dataset.total = String(total);
    canvas.dataset.points = String(chart.getDatasetMeta(0).data.length);
    drawn += 1;
    return chart;
  }

  function keyList(listId, items, onPick) {
    const ul = document.getElementById(listId);
    ul.replaceChildren();
    for (const it of items) {
      const li = el('li');
      const a = el('a', it.text, { href: it.href || '#' });
      if (onPick) a.addEventListener('click', (ev) => { if (!it.href || mode !== 'report') { ev.preventDefault(); onPick(it.filter, it.text); } });
      li.appendChild(a);
      ul.appendChild(li);
    }
  }

  function clickHandler(items, onPick) {
    return (evt, els) => {
      if (!els.length) return;
      const it = items[els[0].index];
      if (!it) return;
      if (mode === 'report') { if (it.href) location.hash = it.href.slice(1); } else onPick(it.filter, it.text);
    };
  }

  // ---- the four figures, from view JSON (the same in both modes) ----
  function drawCountries(view, anchors, onPick) {
    const rows = view.rows;
    const labels = rows.map((r) => r.source_country);
    const values = rows.map((r) => r.alerts);
    const items = rows.map((r) => ({ text: r.source_country + (r.country_name ? ' (' + r.country_name + ')' : '') + ': ' + r.alerts,
      href: anchors && anchors[r.source_country] ? '#' + anchors[r.source_country] : null, filter: { country: r.source_country } }));
    draw('chart-country', { type: 'bar', data: { labels, datasets: [{ label: 'alerts', data: values, backgroundColor: palette[0] }] },
      options: { plugins: { legend: { display: false } }, onClick: clickHandler(items, onPick) } }, labels, values.reduce((a, b) => a + b, 0));
    keyList('keys-country', items, onPick);
  }

  function drawSectors(view, anchors, onPick) {
    const lines = view.series;
    const datasets = lines.map((l, i) => ({ label: l.key, data: l.counts, backgroundColor: palette[i % palette.length] }));
    const labels = lines.map((l) => l.key);
    const items = lines.filter((l) => l.key !== '(other)').map((l) => ({ text: l.key + ': ' + l.total,
      href: anchors && anchors[l.key] ? '#' + anchors[l.key] : null, filter: { sector: l.key } }));
    draw('chart-sector', { type: 'bar', data: { labels: view.months, datasets },
      options: { scales: { x: { stacked: true }, y: { stacked: true } },
        onClick: (evt, els) => { if (els.length) clickHandler(items, onPick)(evt, [{ index: els[0].datasetIndex }]); } } },
      labels, lines.reduce((a, l) => a + l.total, 0));
    keyList('keys-sector', items, onPick);
  }

  // The campaigns' time span, padded, on a linear axis of milliseconds (Chart.js's
  // time axis needs a date adapter, which would be one more library to bundle).
  function timeAxis(spans) {
    const lo = Math.min(...spans.map((s) => s[0])), hi = Math.max(...spans.map((s) => s[1]));
    const pad = Math.max((hi - lo) * 0.05, 86400000);
    return { type: 'linear', beginAtZero: false, min: lo - pad, max: hi + pad, ticks: { callback: (v) => day(v) } };
  }

  function drawCampaigns(view, anchors, onPick) {
    const note = document.getElementById('campaigns-note');
    note.textContent = view.note || '';
    const rows = view.campaigns;
    if (!rows.length) {
      if (charts['chart-campaigns']) { charts['chart-campaigns'].destroy(); delete charts['chart-campaigns']; }
      document.getElementById('chart-campaigns').parentElement.hidden = true;
      keyList('keys-campaigns', [], onPick);
      return;
    }
    document.getElementById('chart-campaigns').parentElement.hidden = false;
    const labels = rows.map((c) => '#' + c.id + ' ' + c.label);
    const spans = rows.map((c) => [c.first_seen_us / 1000, c.last_seen_us / 1000]);
    const items = rows.map((c) => ({ text: '#' + c.id + ' ' + c.label + ': ' + c.alerts + ' alerts, ' + day(c.first_seen_us / 1000) + ' to ' + day(c.last_seen_us / 1000),
      href: anchors && anchors[c.id] ? '#' + anchors[c.id] : null, filter: { campaign: String(c.id) } }));
    draw('chart-campaigns', { type: 'bar', data: { labels, datasets: [{ label: 'active', data: spans, backgroundColor: palette[4], minBarLength: 4 }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } },
        scales: { x: timeAxis(spans) }, onClick: clickHandler(items, onPick) } },
      labels, rows.reduce((a, c) => a + c.alerts, 0));
    keyList('keys-campaigns', items, onPick);
  }

  function drawSignatures(view, anchors, onPick) {
    const rows = view.rows;
    const labels = rows.map((r) => r.signature);
    const values = rows.map((r) => r.alerts);
    const items = rows.map((r) => ({ text: r.signature + ' [' + r.gid + ':' + r.sid + ']: ' + r.alerts,
      href: anchors && anchors[r.signature] ? '#' + anchors[r.signature] : null, filter: { signature: r.signature } }));
    draw('chart-signatures', { type: 'bar', data: { labels, datasets: [{ label: 'alerts', data: values, backgroundColor: palette[2] }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, onClick: clickHandler(items, onPick) } },
      labels, values.reduce((a, b) => a + b, 0));
    keyList('keys-signatures', items, onPick);
  }

  function showSummary(s) {
    const dl = document.getElementById('summary');
    dl.replaceChildren();
    const add = (k, v) => { dl.appendChild(el('dt', k)); dl.appendChild(el('dd', v)); };
    add('alerts', s.alerts);
    add('first seen', s.first_seen || '-');
    add('last seen', s.last_seen || '-');
    add('source countries', s.countries);
    add('signatures', s.signatures);
    add('target organisations', s.target_orgs);
    add('captures', s.captures);
    add('alerts with evidence', s.with_evidence);
    add('campaigns', s.campaigns_available ? s.campaigns : 'none in this store (schema ' + s.schema_version + ')');
  }

  function finish() {
    body.dataset.rendered = String(drawn);
    document.getElementById('status').textContent = 'rendered ' + drawn + ' charts';
  }

  function drawAll(d, onPick) {
    drawn = 0;
    showSummary(d.summary);
    drawCountries(d.country, d.anchors && d.anchors.country, onPick);
    drawSectors(d.sector, d.anchors && d.anchors.sector, onPick);
    drawCampaigns(d.campaigns, d.anchors && d.anchors.campaign, onPick);
    drawSignatures(d.signatures, d.anchors && d.anchors.signature, onPick);
    finish();
  }

  // ---- report: everything is in the page ----
  if (mode === 'report') {
    drawAll(JSON.parse(document.getElementById('vigie-data').textContent), null);
    return;
  }

  // ---- dashboard: the API, with the form's filters ----
  const form = document.getElementById('filters');
  const fields = ['since', 'until', 'country', 'sector', 'signature', 'campaign'];

  function filterParams(extra) {
    const p = new URLSearchParams();
    for (const f of fields) { const v = form.elements[f].value.trim(); if (v) p.set(f, v); }
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p;
  }

  async function api(path, extra) {
    const r = await fetch(path + '?' + filterParams(extra).toString());
    const j = await r.json();
    if (!r.ok) throw new Error(j.error || r.statusText);
    return j;
  }

  function alertsTable(view, title) {
    const box = document.getElementById('alerts-list');
    box.replaceChildren();
    box.appendChild(el('h3', title + ': ' + view.total + ' alerts' + (view.total > view.alerts.length ? ' (first ' + view.alerts.length + ' shown)' : '')));
    const t = el('table');
    const head = el('tr');
    for (const h of ['time', 'attacker', 'country', 'target', 'organisation', 'sector', 'signature', 'gid:sid', 'evidence id', 'record SHA-256'])
      head.appendChild(el('th', h));
    t.appendChild(head);
    for (const a of view.alerts) {
      const tr = el('tr');
      for (const v of [a.timestamp, a.attacker_ip, a.attacker_country, a.target_ip, a.target_org, a.target_sector,
        a.signature, a.gid + ':' + a.sid, a.evidence_id || '-', a.evidence_record_sha256 || '-'])
        tr.appendChild(el('td', v));
      t.appendChild(tr);
    }
    box.appendChild(t);
  }

  async function pick(filter, text) {
    const status = document.getElementById('alerts-status');
    try {
      status.textContent = 'loading';
      alertsTable(await api('/api/alerts', Object.assign({ limit: '200' }, filter)), text);
      status.textContent = '';
      document.getElementById('alerts').scrollIntoView();
    } catch (e) { status.textContent = 'error: ' + e.message; }
  }

  async function refresh() {
    const err = document.getElementById('error');
    err.textContent = '';
    try {
      const [summary, country, sector, campaigns, signatures] = await Promise.all([
        api('/api/summary'), api('/api/stats', { by: 'source-country', limit: '25' }),
        api('/api/series', { by: 'target-sector', top: '12' }), api('/api/campaigns', { limit: '15' }),
        api('/api/stats', { by: 'signature', limit: '10' })]);
      drawAll({ summary, country, sector, campaigns, signatures }, pick);
      history.replaceState(null, '', '?' + filterParams().toString());
    } catch (e) { err.textContent = 'error: ' + e.message; }
  }

  const initial = new URLSearchParams(location.search);
  for (const [k, v] of initial) if (form.elements[k]) form.elements[k].value = v;
  form.addEventListener('submit', (ev) => { ev.preventDefault(); refresh(); });
  refresh();
  // ?list=1: also list the alerts matching the filters (a link that shows the proof).
  if (initial.get('list') === '1') pick({}, 'Alerts matching the filters');
})();
