// The regularization playground's page. The server validates every setting and trains; this script only sends
// settings and clicks, and draws what the server's event stream reports. window.playground holds the page's own data
// (the last state, counts of greyed units) for the browser test.
'use strict';

const KEYS = ['problem', 'noise', 'trainPercent', 'points', 'batchSize', 'units', 'dropout', 'batchNorm',
  'placement', 'activation', 'optimizer', 'learningRate', 'l2', 'seed', 'stepsPerSecond'];
const LISTS = ['units', 'dropout', 'batchNorm'];
const SCALARS = KEYS.filter(k => !LISTS.includes(k));
const MAX_LOSS_POINTS = 400;

const page = window.playground = {
  id: null, settings: null, data: null, lastState: null, states: 0, error: null,
  maskStats: [], lossPoints: 0, problems: null, images: null
};

let events = null;
let lossChart = null;
let accuracyChart = null;

function $(id) { return document.getElementById(id); }

function showError(text) {
  page.error = text;
  const e = $('error');
  e.textContent = text;
  e.hidden = !text;
}

function notice(text) {
  const n = $('notice');
  n.textContent = text || '';
  n.hidden = !text;
}

// A URL value as JSON: numbers and true/false as such, anything else as text, so the server names what is wrong.
function parseValue(text) {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text.trim() !== '' && !isNaN(Number(text))) return Number(text);
  return text;
}

function settingsFromUrl(params) {
  const s = {};
  for (const [key, value] of params) {
    if (key === 'preset') continue;
    s[key] = LISTS.includes(key) ? value.split(',').map(parseValue) : parseValue(value);
  }
  return s;
}

function urlOf(settings) {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    if (settings[k] !== undefined) p.set(k, Array.isArray(settings[k]) ? settings[k].join(',') : settings[k]);
  }
  return '?' + p.toString().replace(/%2C/g, ',');
}

async function request(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  if (!response.ok) {
    throw new Error(text.trim() || ('HTTP ' + response.status));
  }
  return text ? JSON.parse(text) : null;
}

function fillControls(s) {
  for (const k of SCALARS) {
    if ($(k)) $(k).value = s[k];
  }
  const body = $('layers').querySelector('tbody');
  body.innerHTML = '';
  s.units.forEach((u, i) => {
    const row = document.createElement('tr');
    row.innerHTML = '<td>' + (i + 1) + '</td>'
      + '<td><input type="number" class="units" min="1" max="32" value="' + u + '"></td>'
      + '<td><input type="number" class="dropout" min="0" max="0.9" step="0.05" value="' + s.dropout[i] + '"></td>'
      + '<td><input type="checkbox" class="batchNorm"' + (s.batchNorm[i] ? ' checked' : '') + '></td>';
    body.appendChild(row);
  });
  body.querySelectorAll('input').forEach(input => input.addEventListener('change', sendControls));
}

function controls() {
  const s = {};
  for (const k of SCALARS) {
    s[k] = $(k).tagName === 'SELECT' ? $(k).value : parseValue($(k).value);
  }
  const rows = [...$('layers').querySelectorAll('tbody tr')];
  s.units = rows.map(r => parseValue(r.querySelector('.units').value));
  s.dropout = rows.map(r => parseValue(r.querySelector('.dropout').value));
  s.batchNorm = rows.map(r => r.querySelector('.batchNorm').checked);
  return s;
}

function accepted(result) {
  page.settings = result.settings;
  $('java').textContent = result.java;
  fillControls(result.settings);
  history.replaceState(null, '', urlOf(result.settings));
  showError('');
  resetCharts();
}

async function sendControls() {
  await sendSettings(controls());
}

async function sendSettings(s) {
  try {
    if (page.id) {
      accepted(await request('POST', '/api/sessions/' + page.id + '/settings', s));
    } else {
      await start(s);
    }
  } catch (e) {
    showError(e.message);
  }
}

async function start(s) {
  const result = await request('POST', '/api/sessions', s);
  page.id = result.id;
  accepted(result);
  listen();
}

function listen() {
  events = new EventSource('/api/sessions/' + page.id + '/events');
  events.addEventListener('data', e => { page.data = JSON.parse(e.data); resetCharts(); });
  events.addEventListener('state', e => onState(JSON.parse(e.data)));
  events.addEventListener('closed', e => { notice(JSON.parse(e.data).reason); events.close(); page.id = null; });
  events.addEventListener('failure', e => showError(JSON.parse(e.data).message));
  events.onerror = () => {
    if (events.readyState === EventSource.CLOSED) notice('The playground server is gone: restart it and reload.');
  };
}

async function act(action) {
  if (!page.id) return;
  try {
    await request('POST', '/api/sessions/' + page.id + '/' + action);
  } catch (e) {
    showError(e.message);
  }
}

// ---- drawing ----

function resetCharts() {
  page.maskStats = [];
  page.lastState = null;
  page.lossPoints = 0;
  page.images = null;
  for (const chart of [lossChart, accuracyChart]) {
    if (!chart) continue;
    chart.data.datasets.forEach(d => { d.data = []; });
    chart.update('none');
  }
  $('units').innerHTML = '';
  $('images').innerHTML = '';
  const fashion = isFashion();
  $('boundary').hidden = fashion;
  $('boundary-legend').hidden = fashion;
  $('images-box').hidden = !fashion;
  $('noise').disabled = fashion;
  $('accuracy-box').hidden = !!(page.settings && ['plane', 'curve'].includes(page.settings.problem));
  $('batchnorm').querySelector('tbody').innerHTML = '';
  drawBoundary(null);
}

function isFashion() {
  return !!(page.settings && page.settings.problem === 'fashion');
}

// A chart of one measure per epoch, training in blue and test in orange, as TensorFlow Playground colours them.
function trainTestChart(canvasId, measure, y) {
  return new Chart($(canvasId), {
    type: 'line',
    data: { datasets: [
      { label: 'train ' + measure, data: [], borderColor: '#0877bd', pointRadius: 0, borderWidth: 2 },
      { label: 'test ' + measure, data: [], borderColor: '#f59322', pointRadius: 0, borderWidth: 2 }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'epoch' } },
        y: Object.assign({ title: { display: true, text: measure } }, y) } }
  });
}

function addLoss(state) {
  if (state.trainLoss === null || state.testLoss === null) return;
  const x = state.step / state.stepsPerEpoch;
  const [train, test] = lossChart.data.datasets;
  const last = train.data[train.data.length - 1];
  if (last && last.x === x) return;
  train.data.push({ x, y: state.trainLoss });
  test.data.push({ x, y: state.testLoss });
  thin(lossChart);
  page.lossPoints = train.data.length;
  lossChart.update('none');
  if (state.testAccuracy !== undefined && state.testAccuracy !== null) {
    const [trainAcc, testAcc] = accuracyChart.data.datasets;
    trainAcc.data.push({ x, y: state.trainAccuracy });
    testAcc.data.push({ x, y: state.testAccuracy });
    thin(accuracyChart);
    accuracyChart.update('none');
  }
}

// Past MAX_LOSS_POINTS, keep every second point of the history, so the chart stays light.
function thin(chart) {
  for (const d of chart.data.datasets) {
    if (d.data.length > MAX_LOSS_POINTS) d.data = d.data.filter((_, i) => i % 2 === 0 || i === d.data.length - 1);
  }
}

// TensorFlow Playground's colours: orange for 0 (or low), white in the middle, blue for 1 (or high).
function colour(t) {
  const lo = [245, 147, 34];
  const mid = [232, 234, 235];
  const hi = [8, 119, 189];
  const [a, b, u] = t < 0.5 ? [lo, mid, t * 2] : [mid, hi, (t - 0.5) * 2];
  return [0, 1, 2].map(i => Math.round(a[i] + (b[i] - a[i]) * u));
}

function bytesOf(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

// A square picture of 0..255 values: in TensorFlow Playground's colours, or in grey (black 0) for images.
function paintGrid(canvas, picture, grey) {
  const values = bytesOf(picture.values);
  const n = Math.round(Math.sqrt(values.length));
  const img = new ImageData(n, n);
  values.forEach((v, i) => {
    const [r, g, b] = grey ? [v, v, v] : colour(v / 255);
    img.data.set([r, g, b, 255], i * 4);
  });
  const ctx = canvas.getContext('2d');
  const tmp = document.createElement('canvas');
  tmp.width = n; tmp.height = n;
  tmp.getContext('2d').putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = !grey && n < 28;
  ctx.drawImage(tmp, 0, 0, canvas.width, canvas.height);
}

// Fashion-MNIST: the first test images with the network's guess, right or wrong. page.images counts them.
function drawImages(state) {
  const data = page.data;
  if (!data || !data.images || !state.predictions) return;
  const box = $('images');
  if (box.children.length !== data.images.length) {
    box.innerHTML = '';
    data.images.forEach(image => {
      const cell = document.createElement('div');
      cell.className = 'image';
      const c = document.createElement('canvas');
      c.width = 56; c.height = 56;
      paintGrid(c, { values: image.pixels }, true);
      const caption = document.createElement('div');
      cell.appendChild(c);
      cell.appendChild(caption);
      box.appendChild(cell);
    });
  }
  let right = 0;
  state.predictions.forEach((guess, i) => {
    const cell = box.children[i];
    const ok = guess === data.images[i].label;
    if (ok) right++;
    cell.className = 'image ' + (ok ? 'right' : 'wrong');
    cell.lastChild.textContent = data.classes[guess];
    cell.title = 'true class: ' + data.classes[data.images[i].label];
  });
  page.images = { shown: state.predictions.length, right };
}

function paintCurve(canvas, picture, colourOf) {
  const values = bytesOf(picture.values);
  const ctx = canvas.getContext('2d');
  ctx.strokeStyle = colourOf || '#333';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  values.forEach((v, i) => {
    const x = i / (values.length - 1) * canvas.width;
    const y = canvas.height - v / 255 * canvas.height;
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

function drawBoundary(state) {
  const canvas = $('boundary');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const data = page.data;
  if (!data || !data.train) return;
  const extent = data.extent;
  const oneD = data.problem === 'curve';
  let yMin = -1.5, yMax = 1.5;
  if (oneD && state && state.boundary) {
    yMin = Math.min(-1.5, state.boundary.min); yMax = Math.max(1.5, state.boundary.max);
  }
  const px = x => (x + extent) / (2 * extent) * canvas.width;
  const py = oneD ? y => canvas.height - (y - yMin) / (yMax - yMin) * canvas.height
    : y => canvas.height - (y + extent) / (2 * extent) * canvas.height;
  if (state && state.boundary) {
    if (oneD) {
      const b = state.boundary;
      const values = bytesOf(b.values);
      ctx.strokeStyle = '#0877bd'; ctx.lineWidth = 2; ctx.beginPath();
      values.forEach((v, i) => {
        const x = i / (values.length - 1) * canvas.width;
        const y = py(b.min + v / 255 * (b.max - b.min));
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    } else {
      paintGrid(canvas, state.boundary);
    }
  }
  const regression = data.problem === 'plane';
  const pointColour = p => {
    const t = oneD ? 0.5 : regression ? Math.max(0, Math.min(1, (p[2] + 1) / 2)) : p[2];
    const [r, g, b] = colour(t);
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  };
  const dot = (p, ring) => {
    const x = px(p[0]);
    const y = oneD ? py(p[1]) : py(p[1]);
    ctx.beginPath();
    ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = oneD ? (ring ? '#fff' : '#f59322') : pointColour(p);
    ctx.fill();
    ctx.lineWidth = ring ? 1.5 : 1;
    ctx.strokeStyle = ring ? '#000' : '#fff';
    ctx.stroke();
  };
  data.train.forEach(p => dot(p, false));
  data.test.forEach(p => dot(p, true));
}

function drawUnits(state) {
  const box = $('units');
  if (!state.units) { box.textContent = 'No pictures for this data: its inputs are not 1-D or 2-D.'; return; }
  const fashion = page.data && page.data.problem === 'fashion';
  $('units-note').textContent = fashion ? 'Layer 1: each unit\'s weights on the 28×28 pixels (blue positive, orange '
    + 'negative). Later layers: the mean of the 5 test images that drive the unit highest.' : '';
  if (box.children.length !== state.units.length) {
    box.innerHTML = '';
    state.units.forEach((layer, i) => {
      const row = document.createElement('div');
      row.className = 'layer-units';
      const p = page.settings.dropout[i];
      row.innerHTML = '<div class="label">layer ' + (i + 1) + ' · ' + layer.length + ' units'
        + (p > 0 ? ' · dropout p = ' + p : '') + (page.settings.batchNorm[i] ? ' · BN' : '') + '</div>';
      layer.forEach(() => {
        const c = document.createElement('canvas');
        c.width = fashion ? 42 : 40; c.height = c.width; c.className = fashion ? 'unit tile' : 'unit';
        row.appendChild(c);
      });
      box.appendChild(row);
    });
  }
  const oneD = page.data && page.data.problem === 'curve';
  state.units.forEach((layer, i) => {
    const canvases = box.children[i].querySelectorAll('canvas');
    const mask = state.dropped[i];
    if (mask) {
      const s = page.maskStats[i] || (page.maskStats[i] = { dropped: 0, seen: 0, p: page.settings.dropout[i] });
      for (const ch of mask) { s.seen++; if (ch === '1') s.dropped++; }
    }
    layer.forEach((picture, u) => {
      const c = canvases[u];
      if (oneD) {
        c.getContext('2d').clearRect(0, 0, c.width, c.height);
        paintCurve(c, picture);
      } else {
        paintGrid(c, picture, fashion && i > 0);
      }
      c.classList.toggle('dropped', !!(mask && mask[u] === '1'));
    });
  });
}

function average(values) {
  if (!values || values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function fixed(x) { return x === null || x === undefined ? '–' : x.toFixed(3); }

function drawBatchNorm(state) {
  const body = $('batchnorm').querySelector('tbody');
  body.innerHTML = '';
  if (!state.batchNorm) {
    body.innerHTML = '<tr><td colspan="4">No batch norm in this model.</td></tr>';
    return;
  }
  state.batchNorm.forEach((bn, i) => {
    if (!bn) return;
    const rows = [
      ['training batch, before BN', bn.batchMean, bn.batchStd],
      ['training batch, after BN', bn.afterMean, bn.afterStd],
      ['running statistics', bn.runningMean, bn.runningStd],
      ['test set at inference, before BN', bn.testMean, bn.testStd]];
    rows.forEach(([name, mean, std], k) => {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td>' + (k === 0 ? 'layer ' + (i + 1) : '') + '</td><td>' + name + '</td><td>'
        + fixed(average(mean)) + '</td><td>' + fixed(average(std)) + '</td>';
      body.appendChild(tr);
    });
  });
}

function onState(state) {
  page.lastState = state;
  page.states++;
  $('epoch').textContent = state.epoch;
  $('stepCount').textContent = state.step;
  $('trainLoss').textContent = state.trainLoss === null ? 'NaN' : state.trainLoss.toFixed(4);
  $('testLoss').textContent = state.testLoss === null ? 'NaN' : state.testLoss.toFixed(4);
  $('accuracy').textContent = state.testAccuracy === undefined ? ''
    : '· test accuracy ' + (state.testAccuracy * 100).toFixed(1) + '%';
  addLoss(state);
  drawBoundary(state);
  drawImages(state);
  drawUnits(state);
  drawBatchNorm(state);
}

// ---- start ----

// Data this machine lacks (Fashion-MNIST without its files) is shown disabled, with the line that says how to get it.
async function problemChoices() {
  page.problems = await request('GET', '/api/problems');
  const notes = [];
  for (const p of page.problems) {
    const option = $('problem').querySelector('option[value="' + p.key + '"]');
    if (option && !p.available) {
      option.disabled = true;
      option.textContent += ' (not installed)';
      notes.push(p.reason);
    }
  }
  $('problem-note').textContent = notes.join(' ');
  $('problem-note').hidden = notes.length === 0;
}

async function presetLinks() {
  const presets = await request('GET', '/api/presets');
  const nav = $('presets');
  for (const p of presets) {
    const a = document.createElement('a');
    a.href = '?preset=' + p.key;
    a.textContent = p.title;
    a.title = p.lookFor;
    nav.appendChild(a);
  }
}

async function main() {
  lossChart = trainTestChart('loss-chart', 'loss', { beginAtZero: true });
  accuracyChart = trainTestChart('accuracy-chart', 'accuracy', { min: 0, max: 1 });
  $('play').addEventListener('click', () => act('play'));
  $('pause').addEventListener('click', () => act('pause'));
  $('step').addEventListener('click', () => act('step'));
  $('reset').addEventListener('click', () => act('reset'));
  document.querySelectorAll('#data-controls input, #data-controls select, #model-controls select')
    .forEach(c => c.addEventListener('change', sendControls));
  $('add-layer').addEventListener('click', () => {
    const s = controls();
    s.units.push(s.units[s.units.length - 1] || 4);
    s.dropout.push(0);
    s.batchNorm.push(false);
    sendSettings(s);
  });
  $('remove-layer').addEventListener('click', () => {
    const s = controls();
    s.units.pop(); s.dropout.pop(); s.batchNorm.pop();
    sendSettings(s);
  });
  try {
    await presetLinks();
    await problemChoices();
  } catch (e) {
    showError(e.message);
  }
  const params = new URLSearchParams(location.search);
  let settings = settingsFromUrl(params);
  if (params.has('preset')) {
    try {
      const preset = await request('GET', '/api/presets/' + encodeURIComponent(params.get('preset')));
      settings = preset.settings;
      notice(preset.title + ': ' + preset.lookFor);
    } catch (e) {
      showError(e.message);
      return;
    }
  }
  try {
    await start(settings);
  } catch (e) {
    showError(e.message);
    // show the defaults' controls so the student can fix the setting the message names
    try { await start({}); showError(e.message); } catch (ignored) { /* the first message stays */ }
  }
}

main();
