// Ordo dashboard: listens to /events (Server-Sent Events) and draws the run.
//   event "metric": one metrics.jsonl line ({"kind": "train" | "eval" | "checkpoint" | "checkpoint_failed" | "checkpoint_skipped" | "restart", ...}; the dashboard draws train, eval, checkpoint and restart lines)
//   event "node":   a snapshot of the node (live) or of the run directory (offline)
// Test hooks: each canvas carries data-points (points of its first series) and data-last-step.
// Run data (config, paths, file names, metric values) goes into the page only as textContent, never as markup.
'use strict';

const COLORS = { total: '#111827', ntp: '#2563eb', top: '#dc2626', mtp: '#059669' };
const TERMS = ['total', 'ntp', 'top', 'mtp'];
const $ = (id) => document.getElementById(id);
const fmt = (v, d = 3) => (v === null || v === undefined || Number.isNaN(v)) ? '–' : Number(v).toFixed(d);
const num = (v) => (v === null || v === undefined) ? NaN : Number(v);
const bytes = (b) => b < 0 ? '?' : b < 1024 ? b + ' B' : b < 1048576 ? (b / 1024).toFixed(1) + ' KiB' : (b / 1048576).toFixed(1) + ' MiB';

function lineChart(canvas, yTitle) {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      scales: { x: { type: 'linear', title: { display: true, text: 'step' } }, y: { title: { display: true, text: yTitle } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
    },
  });
}

const charts = {
  loss: lineChart($('loss-chart'), 'nats / target token'),
  eval: lineChart($('eval-chart'), 'accuracy %'),
  throughput: lineChart($('throughput-chart'), 'tokens/s'),
};
let series = {};      // key -> dataset
let checkpoints = []; // from metrics lines
let restarts = 0;
let evalIsText = null;
let lastNode = null;
let dirty = false;

function dataset(chart, key, label, color, dashed) {
  if (!series[key]) {
    series[key] = { label, data: [], borderColor: color, backgroundColor: color, borderDash: dashed ? [6, 4] : [], pointRadius: dashed ? 2 : 0 };
    chart.data.datasets.push(series[key]);
  }
  return series[key];
}

function reset() {
  series = {};
  checkpoints = [];
  restarts = 0;
  evalIsText = null;
  for (const c of Object.values(charts)) { c.data.datasets = []; }
  // the train total series is always first, so data-points counts train loss points
  dataset(charts.loss, 'train.total', 'train total', COLORS.total, false);
  dirty = true;
}

function onMetric(m) {
  const step = num(m.step);
  if (m.kind === 'train') {
    for (const t of TERMS) {
      const v = num(t === 'total' ? m.loss : m[t]);
      if (t === 'total' || (Number.isFinite(v) && v !== 0) || series['train.' + t]) {
        dataset(charts.loss, 'train.' + t, 'train ' + t, COLORS[t], false).data.push({ x: step, y: v });
      }
    }
    dataset(charts.throughput, 'tps', 'tokens/s', '#7c3aed', false).data.push({ x: step, y: num(m.tokens_per_second) });
    $('stat-loss').textContent = fmt(num(m.loss));
    $('stat-terms').textContent = TERMS.slice(1).filter((t) => num(m[t]) !== 0).map((t) => t + ' ' + fmt(num(m[t]))).join(' · ');
    $('stat-tps').textContent = Number.isFinite(num(m.tokens_per_second)) ? Math.round(num(m.tokens_per_second)).toLocaleString() : '–';
    $('stat-lr').textContent = 'lr ' + Number(m.lr).toExponential(2) + ' · grad norm ' + fmt(num(m.grad_norm));
    $('stat-step').textContent = step.toLocaleString();
  } else if (m.kind === 'eval') {
    for (const t of TERMS) {
      const v = num(t === 'total' ? m.loss : m[t]);
      if (t === 'total' || (Number.isFinite(v) && v !== 0) || series['eval.' + t]) {
        dataset(charts.loss, 'eval.' + t, 'held-out ' + t, COLORS[t], true).data.push({ x: step, y: v });
      }
    }
    evalIsText = m.perplexity !== undefined;
    $('eval-title').textContent = evalIsText ? 'Held-out perplexity' : 'Held-out exact-match accuracy (%)';
    charts.eval.options.scales.y.title.text = evalIsText ? 'perplexity' : 'accuracy %';
    charts.eval.options.scales.y.min = evalIsText ? undefined : 0;
    charts.eval.options.scales.y.max = evalIsText ? undefined : 100;
    const v = evalIsText ? num(m.perplexity) : 100 * num(m.accuracy);
    dataset(charts.eval, 'eval', evalIsText ? 'perplexity' : 'accuracy %', '#ea580c', false).data.push({ x: step, y: v });
    series.eval.pointRadius = 3;
    $('stat-eval').textContent = evalIsText ? 'ppl ' + fmt(v, 2) : fmt(v, 1) + ' %';
    $('stat-eval-loss').textContent = 'step ' + step + ' · loss ' + fmt(num(m.loss)) + ' (' + m.examples + ' examples)';
  } else if (m.kind === 'checkpoint') {
    checkpoints.push({ step, file: m.file, seconds: num(m.write_seconds), bytes: -1 });
    showCheckpoint(checkpoints[checkpoints.length - 1]);
  } else if (m.kind === 'restart') {
    restarts++;
  }
  dirty = true;
}

function showCheckpoint(c) {
  $('stat-ckpt').textContent = 'step ' + c.step;
  const name = String(c.file).split('/').pop();
  $('stat-ckpt-detail').textContent = name + (Number.isFinite(c.seconds) ? ' · ' + fmt(c.seconds, 2) + ' s' : '') + (c.bytes >= 0 ? ' · ' + bytes(c.bytes) : '');
}

function rows(tbodyOf, list, cells) {
  const body = $(tbodyOf).querySelector('tbody');
  body.replaceChildren();
  for (const item of list) {
    const tr = document.createElement('tr');
    for (const [text, cls] of cells(item)) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

function rate(now, before, dt) {
  return before === undefined || dt <= 0 ? '–' : ((now - before) / dt).toFixed(1);
}

function onNode(n) {
  document.body.classList.toggle('offline', n.mode === 'offline');
  document.body.dataset.nodeEvents = String(Number(document.body.dataset.nodeEvents || 0) + 1);
  $('mode').textContent = n.mode;
  $('mode').className = 'badge ' + n.mode;
  $('out').textContent = n.out;
  if (n.config !== undefined && $('config').textContent !== n.config) $('config').textContent = n.config;
  if (n.mode === 'offline') {
    const sizes = new Map((n.checkpoints || []).map((c) => [String(c.file).split('/').pop(), c.bytes]));
    for (const c of checkpoints) { const b = sizes.get(String(c.file).split('/').pop()); if (b !== undefined) c.bytes = b; }
    $('stat-health').textContent = 'offline';
    $('stat-health-detail').textContent = 'finished run or another process';
  } else {
    const prev = lastNode;
    const dt = prev ? n.time - prev.time : 0;
    const prevActors = new Map(((prev && prev.actors) || []).map((a) => [a.actor, a]));
    const prevStages = new Map(((prev && prev.stages) || []).map((s) => [s.stage, s]));
    $('stat-step').textContent = n.step >= 0 ? n.step.toLocaleString() : '–';
    $('stat-progress').textContent = n.totalSteps ? 'of ' + n.totalSteps.toLocaleString() + (n.finished ? ' · finished' : '') + (n.restarts ? ' · ' + n.restarts + ' restart(s)' : '') : '';
    const checks = Object.entries(n.health || {});
    const failing = checks.filter(([, c]) => !c.ok);
    $('stat-health').textContent = failing.length ? 'not ready' : 'ready';
    $('stat-health').className = 'value ' + (failing.length ? 'bad' : 'ok');
    $('stat-health-detail').textContent = failing.length ? failing.map(([k, c]) => k + ': ' + c.reason).join('; ') : checks.map(([k]) => k).join(', ');
    rows('members', n.members || [], (m) => [[String(m.rank)], [m.address + (m.self ? ' (this node)' : '')], [m.status], [(m.roles || []).join(', ')]]);
    rows('actors', n.actors || [], (a) => {
      const p = prevActors.get(a.actor);
      return [[a.actor], [String(a.mailboxDepth), 'num'], [rate(a.processed, p && p.processed, dt), 'num'], [String(a.processed), 'num'],
        [a.timed ? (1000 * a.processingSeconds / a.timed).toFixed(2) : '–', 'num'], [String(a.restarts), 'num']];
    });
    rows('stages', n.stages || [], (s) => {
      const p = prevStages.get(s.stage);
      return [[s.stage], [rate(s.elements, p && p.elements, dt), 'num'], [String(s.elements), 'num']];
    });
    rows('bad', Object.entries(n.badRecords || {}), ([reason, count]) => [[reason], [String(count), 'num']]);
    if (n.checkpoint) {
      const c = checkpoints.find((x) => x.step === n.checkpoint.step);
      if (c) c.bytes = n.checkpoint.bytes; else checkpoints.push({ ...n.checkpoint });
    }
    lastNode = n;
  }
  if (checkpoints.length) showCheckpoint(checkpoints[checkpoints.length - 1]);
  rows('checkpoints', checkpoints.slice(-10).reverse(), (c) => [[String(c.step)], [String(c.file).split('/').pop()],
    [fmt(c.seconds, 3), 'num'], [c.bytes >= 0 ? bytes(c.bytes) : '–', 'num']]);
}

function render() {
  if (!dirty) return;
  dirty = false;
  for (const [name, chart] of Object.entries(charts)) {
    chart.update('none');
    const first = chart.data.datasets[0];
    const canvas = chart.canvas;
    canvas.dataset.points = String(first ? first.data.length : 0);
    canvas.dataset.lastStep = first && first.data.length ? String(first.data[first.data.length - 1].x) : '';
    canvas.dataset.lastValue = first && first.data.length ? String(first.data[first.data.length - 1].y) : '';
  }
}

function connect() {
  const es = new EventSource('events');
  es.onopen = () => { reset(); $('connection').textContent = 'connected'; };
  es.onerror = () => { $('connection').textContent = 'reconnecting…'; };
  es.addEventListener('metric', (e) => { try { onMetric(JSON.parse(e.data)); } catch (err) { console.error(err, e.data); } });
  es.addEventListener('node', (e) => { try { onNode(JSON.parse(e.data)); } catch (err) { console.error(err, e.data); } });
}

reset();
setInterval(render, 200);
connect();
