// conv4j explains: the interactive page. Plain JS, no libraries; everything comes from this server.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { geometry: null, frame: 0, timer: null, cells: null, request: 0 };

// ---- the convolution form -> /api/geometry ---------------------------------------------------------------

const PER_AXIS = ['input', 'kernel', 'strides', 'dilations'];

/** A per-axis field's numbers, comma-separated; the server refuses a list of the wrong length rather than guess. */
function perAxis(text) {
  return text.split(/[\s,x]+/).filter((p) => p.length > 0).join(',');
}

/**
 * A new rank makes the per-axis lists of the old one meaningless: each list becomes its first number (one value for
 * every axis) and the explicit pads one before,after pair per axis. The page says what it changed.
 */
function onRankChange() {
  const rank = Number($('rank').value);
  const changed = [];
  for (const id of PER_AXIS) {
    const parts = perAxis($(id).value).split(',');
    if (parts.length > 1) {
      $(id).value = parts[0];
      changed.push(id + ' ' + parts[0]);
    }
  }
  const pads = perAxis($('pads').value).split(',');
  if (pads.length !== 2 * rank) {
    const pair = pads.length >= 2 ? pads.slice(0, 2) : [pads[0] || '1', pads[0] || '1'];
    $('pads').value = Array(rank).fill(pair.join(',')).join(',');
    if ($('padding').value === 'explicit') changed.push('pads ' + $('pads').value);
  }
  $('hover-label').textContent = '';
  $('rank-note').textContent = changed.length === 0 ? ''
    : 'Now ' + rank + 'D: the per-axis fields were reset to one value for every axis (' + changed.join('; ') + ').';
}

function geometryQuery() {
  const q = new URLSearchParams({
    rank: $('rank').value,
    input: perAxis($('input').value),
    kernel: perAxis($('kernel').value),
    strides: perAxis($('strides').value),
    dilations: perAxis($('dilations').value),
    batch: $('batch').value,
    depthwise: $('depthwise').checked ? '1' : '0',
    layout: $('layout').value,
    channels: $('channels').value,
    filters: $('filters').value,
    groups: $('groups').value,
    boundary: $('boundary').value,
  });
  q.set('padding', $('padding').value === 'explicit' ? $('pads').value : $('padding').value);
  return q;
}

let debounce = null;
function scheduleUpdate() {
  $('pads-field').hidden = $('padding').value !== 'explicit';
  clearTimeout(debounce);
  debounce = setTimeout(update, 120);
}

async function update() {
  const id = ++state.request;
  let body;
  let ok;
  try {
    const response = await fetch('/api/geometry?' + geometryQuery().toString());
    ok = response.ok;
    body = await response.json();
  } catch (e) {
    ok = false;
    body = { error: 'the server did not answer: ' + e };
  }
  if (id !== state.request) return; // a newer request is on its way
  if (!ok) {
    showError($('error'), body);
    clearResult();
    return;
  }
  $('error').hidden = true;
  render(body);
  await updateBackward(id);
}

const OP_TITLES = {
  transpose: 'The transposed convolution (conv4j transpose), worked with small integers',
  'grad-input': 'The input gradient (conv4j grad-input), worked with small integers',
  'grad-filter': 'The filter gradient (conv4j grad-filter), worked with small integers',
};

/** The backward operation chosen, drawn and derived by conv4j for the same convolution; hidden for forward. */
async function updateBackward(id, at) {
  const op = $('op').value;
  if (op === 'forward') {
    $('backward').hidden = true;
    return;
  }
  const q = geometryQuery();
  q.set('op', op);
  if (at) q.set('at', at.join(','));
  let body;
  let ok;
  try {
    const response = await fetch('/api/backward?' + q.toString());
    ok = response.ok;
    body = await response.json();
  } catch (e) {
    ok = false;
    body = { error: 'the server did not answer: ' + e };
  }
  if (id !== state.request) return;
  if (!ok) {
    showError($('error'), body);
    clearResult();
    return;
  }
  $('backward-title').textContent = OP_TITLES[op];
  $('backward-picture').innerHTML = body.svg || '';
  $('backward-picture').hidden = !body.svg;
  $('backward-picture').setAttribute('aria-label', 'the ' + op + ' of ' + body.problem + ' in two rows that give the'
    + ' same result; the derivation below states every number');
  $('backward-note').textContent = body.pictureNote || '';
  $('backward-text').textContent = body.text;
  $('backward').hidden = false;
  state.backward = { position: body.position, size: body.resultShape };
}

/** A click on a result value, or the arrow keys, light another value in both rows. */
function onBackwardClick(e) {
  const cell = e.target.closest ? e.target.closest('.cell.value') : null;
  if (cell) updateBackward(state.request, cell.getAttribute('data-c').split(',').map(Number));
}

function onBackwardKey(e) {
  const b = state.backward;
  if (!b) return;
  const last = b.position.length - 1;
  const step = { ArrowRight: [last, 1], ArrowLeft: [last, -1], ArrowDown: [0, 1], ArrowUp: [0, -1] }[e.key];
  if (!step) return;
  e.preventDefault();
  const [axis, delta] = step;
  const opSizes = $('op').value === 'grad-filter' ? b.size.slice(0, b.position.length) : b.size.slice(1, -1);
  const next = b.position.slice();
  next[axis] = Math.max(0, Math.min(opSizes[axis] - 1, next[axis] + delta));
  updateBackward(state.request, next);
}

function showError(box, body) {
  box.textContent = (body.argument ? body.argument + ': ' : '') + body.error;
  box.hidden = false;
}

/** After an error nothing of the last good answer may stay on screen: it would read as the answer to this input. */
function clearResult() {
  stop();
  state.geometry = null;
  state.cells = null;
  $('out-shape').textContent = '?';
  $('pads-before').textContent = '?';
  $('pads-after').textContent = '?';
  $('cost').textContent = '';
  for (const id of ['formulas', 'overview', 'grid']) $(id).replaceChildren();
  $('explanation').textContent = '';
  $('step').max = '0';
  $('step').value = '0';
  $('step-label').textContent = '';
  $('hover-label').textContent = '';
  $('player').hidden = true;
  document.dispatchEvent(new CustomEvent('conv4j-geometry', { detail: null }));
  $('backward').hidden = true;
  $('backward-picture').replaceChildren();
  $('backward-text').textContent = '';
}

function render(g) {
  stop();
  state.geometry = g;
  $('out-shape').textContent = g.outputShapeText;
  $('pads-before').textContent = '[' + g.padsBefore.join(',') + ']';
  $('pads-after').textContent = '[' + g.padsAfter.join(',') + ']';
  $('cost').textContent = g.multiplyAdds.toLocaleString('en') + ' multiply-adds';
  const formulas = $('formulas');
  formulas.replaceChildren(...g.axes.map((a) => {
    const li = document.createElement('li');
    li.textContent = a.name + ': ' + a.formula;
    return li;
  }));
  $('overview').innerHTML = g.overviewSvg; // drawn by conv4j on the server from the same model as its PNGs
  $('overview').setAttribute('aria-label', 'input ' + g.dataFormat + ' [' + g.inputShape.join(',') + '], filter '
    + g.filterFormat + ' [' + g.filterShape.join(',') + '], output [' + g.outputShape.join(',') + ']: the kernel slides'
    + ' along ' + g.axes.filter((a) => a.output > 1).map((a) => a.name).join(', '));
  $('grid').innerHTML = g.gridSvg;
  $('explanation').textContent = g.explanation;
  indexCells();
  document.dispatchEvent(new CustomEvent('conv4j-geometry', { detail: g }));
  $('player').hidden = false;
  $('hover-label').textContent = '';
  $('step').max = String(Math.max(0, g.frames.length - 1));
  state.frame = 0;
  showFrame(0);
}

// ---- the grid: which cells an output position depends on ----------------------------------------------------

/** Every cell of the grid, by role, with its coordinates parsed once. */
function indexCells() {
  const cells = { in: [], w: [], out: new Map() };
  for (const el of $('grid').querySelectorAll('.cell')) {
    const c = el.getAttribute('data-c').split(',').map(Number);
    if (el.classList.contains('in')) cells.in.push({ el, c });
    else if (el.classList.contains('w')) cells.w.push({ el, c });
    else if (el.classList.contains('out')) cells.out.set(c.join(','), el);
  }
  state.cells = cells;
}

/** The input positions output o reads along one axis: o*stride - padBefore + j*dilation. */
function taps(axis, o) {
  const start = o * axis.stride - axis.padBefore;
  const set = new Set();
  for (let j = 0; j < axis.kernel; j++) set.add(start + j * axis.dilation);
  return set;
}

/** The input positions the window spans along one axis without reading them: the holes a dilation leaves. */
function holes(axis, o) {
  const start = o * axis.stride - axis.padBefore;
  const read = taps(axis, o);
  const set = new Set();
  for (let i = start; i < start + axis.effectiveKernel; i++) if (!read.has(i)) set.add(i);
  return set;
}

function clearHighlight() {
  for (const el of $('grid').querySelectorAll('.hl-in,.hl-pad,.hl-hole,.hl-w,.hl-w-zero,.hl-out,.done')) {
    el.classList.remove('hl-in', 'hl-pad', 'hl-hole', 'hl-w', 'hl-w-zero', 'hl-out', 'done');
  }
}

/** Marks output position pos, the input cells its window reads and the weights that meet real input. */
function highlight(pos) {
  const g = state.geometry;
  const cells = state.cells;
  clearHighlight();
  const tapSets = g.axes.map((a, i) => taps(a, pos[i]));
  const inside = (c) => c.every((v, i) => v >= 0 && v < g.axes[i].input);
  // a dilated window's span: cells it reads along every axis, and holes it skips along at least one
  const spans = g.axes.map((a, i) => new Set([...tapSets[i], ...holes(a, pos[i])]));
  let read = 0;
  for (const { el, c } of cells.in) {
    if (c.every((v, i) => tapSets[i].has(v))) {
      el.classList.add(inside(c) ? 'hl-in' : 'hl-pad');
      read++;
    } else if (c.every((v, i) => spans[i].has(v))) {
      el.classList.add('hl-hole');
    }
  }
  const zeros = g.boundary === 'zero';
  for (const { el, c } of cells.w) {
    const at = c.map((j, i) => pos[i] * g.axes[i].stride - g.axes[i].padBefore + j * g.axes[i].dilation);
    el.classList.add(!zeros || inside(at) ? 'hl-w' : 'hl-w-zero');
  }
  const out = cells.out.get(pos.join(','));
  if (out) out.classList.add('hl-out');
  return read;
}

function describe(pos) {
  const g = state.geometry;
  return 'output [' + pos.join(',') + '] reads ' + g.axes.map((a, i) => {
    const t = [...taps(a, pos[i])];
    return a.name + ' ' + t[0] + '..' + t[t.length - 1];
  }).join(', ');
}

function showFrame(i) {
  const g = state.geometry;
  if (!g || g.frames.length === 0) return;
  state.frame = Math.max(0, Math.min(i, g.frames.length - 1));
  const pos = g.frames[state.frame];
  highlight(pos);
  for (let k = 0; k < state.frame; k++) {
    const el = state.cells.out.get(g.frames[k].join(','));
    if (el) el.classList.add('done');
  }
  document.dispatchEvent(new CustomEvent('conv4j-frame', { detail: { position: pos,
    done: g.frames.slice(0, state.frame) } }));
  $('step').value = String(state.frame);
  $('step-label').textContent = 'step ' + (state.frame + 1) + ' of ' + g.frames.length + ': ' + describe(pos);
}

function play() {
  if (state.timer) {
    stop();
    return;
  }
  $('play').textContent = 'pause';
  state.timer = setInterval(() => {
    const g = state.geometry;
    showFrame(state.frame + 1 >= g.frames.length ? 0 : state.frame + 1);
  }, 700);
}

function stop() {
  clearInterval(state.timer);
  state.timer = null;
  $('play').textContent = 'play';
}

function onGridHover(event) {
  const el = event.target.closest ? event.target.closest('.cell.out') : null;
  if (!el || !state.geometry) return;
  stop();
  const pos = el.getAttribute('data-c').split(',').map(Number);
  const read = highlight(pos);
  $('hover-label').textContent = describe(pos) + ' (' + read + ' input cells shown)';
}

/** Arrow keys step the window, Home and End jump to the ends, Space plays and pauses. */
function onGridKey(e) {
  const g = state.geometry;
  if (!g) return;
  const moves = {
    ArrowRight: () => state.frame + 1, ArrowDown: () => state.frame + 1,
    ArrowLeft: () => state.frame - 1, ArrowUp: () => state.frame - 1,
    Home: () => 0, End: () => g.frames.length - 1,
  };
  if (e.key === ' ') {
    e.preventDefault();
    play();
  } else if (moves[e.key]) {
    e.preventDefault();
    stop();
    showFrame(moves[e.key]());
  }
}

// ---- your data -> /api/filter/... ---------------------------------------------------------------------------

function checked(name) {
  return [...document.querySelectorAll('input[name="' + name + '"]:checked')].map((e) => e.value).join(',');
}

async function filterData(kind, blob, label) {
  const kernels = checked(kind === 'image' ? 'image-kernel' : 'signal-kernel');
  const q = new URLSearchParams({ kernels, padding: $('data-padding').value });
  $('data-status').textContent = 'conv4j is convolving ' + label + ' ...';
  $('data-error').hidden = true;
  let body;
  let ok;
  try {
    const response = await fetch('/api/filter/' + kind + '?' + q.toString(), { method: 'POST', body: blob });
    ok = response.ok;
    body = await response.json();
  } catch (e) {
    ok = false;
    body = { error: 'the server did not answer: ' + e };
  }
  if (!ok) {
    $('data-status').textContent = '';
    showError($('data-error'), body);
    return;
  }
  $('data-status').textContent = label + ': ' + body.problem + ' - input [' + body.inputShape.join(',')
    + '], filter [' + body.filterShape.join(',') + '] -> output [' + body.outputShape.join(',') + '] in '
    + body.micros + ' us';
  if (kind === 'image') showMaps(body);
  else showSignals(body);
}

function figure(child, caption) {
  const fig = document.createElement('figure');
  const cap = document.createElement('figcaption');
  cap.textContent = caption;
  fig.append(child, cap);
  return fig;
}

function showMaps(body) {
  const input = document.createElement('img');
  input.src = body.input;
  input.alt = 'input';
  const figures = [figure(input, 'input, grey [' + body.inputShape.join(',') + ']')];
  body.maps.forEach((m, c) => {
    const img = document.createElement('img');
    img.src = m.png;
    img.alt = m.kernel;
    const fig = figure(img, 'channel ' + c + ': ' + m.description + ' (min ' + m.min.toFixed(3) + ', max '
      + m.max.toFixed(3) + ')');
    fig.className = 'feature-map';
    figures.push(fig);
  });
  $('maps').replaceChildren(...figures);
}

const SVG = 'http://www.w3.org/2000/svg';
// Okabe and Ito's colours: apart for the common kinds of colour blindness
const COLOURS = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7'];

function plot(series, title) {
  const w = 640;
  const h = 160;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) for (const v of s.values) { min = Math.min(min, v); max = Math.max(max, v); }
  const span = max - min || 1;
  series.forEach((s, k) => {
    const n = s.values.length;
    const points = s.values.map((v, i) => ((i / Math.max(1, n - 1)) * (w - 10) + 5).toFixed(1) + ','
      + (h - 5 - ((v - min) / span) * (h - 20)).toFixed(1)).join(' ');
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', points);
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', s.colour);
    line.setAttribute('stroke-width', '1.3');
    svg.appendChild(line);
  });
  const text = document.createElementNS(SVG, 'text');
  text.setAttribute('x', '6');
  text.setAttribute('y', '12');
  text.setAttribute('font-size', '11');
  text.textContent = title;
  svg.appendChild(text);
  return svg;
}

function showSignals(body) {
  const figures = [figure(plot([{ values: body.input, colour: '#555' }], 'input'), 'input [' + body.inputShape.join(',')
    + ']' + (body.step > 1 ? ', every ' + body.step + 'th sample plotted' : ''))];
  body.outputs.forEach((o, c) => {
    const fig = figure(plot([{ values: body.input, colour: '#ccc' }, { values: o.values, colour: COLOURS[c % 5] }],
      'channel ' + c + ': ' + o.kernel), 'channel ' + c + ': ' + o.description);
    fig.className = 'feature-map signal';
    figures.push(fig);
  });
  $('maps').replaceChildren(...figures);
}

function onUpload() {
  const file = $('upload').files[0];
  if (!file) return;
  const signal = /\.(csv|txt)$/i.test(file.name) || file.type.startsWith('text/');
  filterData(signal ? 'signal' : 'image', file, file.name);
}

async function sample(kind) {
  const response = await fetch('/api/sample/' + kind);
  filterData(kind, await response.blob(), 'the sample ' + kind);
}

// ---- the network view (conv4j serve --model DIR) -> /api/network/... --------------------------------------

const network = { id: 0 };

async function showNetworkIfServed() {
  const response = await fetch('/api/network/model');
  if (!response.ok) return;
  const model = await response.json();
  $('model-name').textContent = model.name + ', input [' + model.inputShape.join(',') + ']';
  $('network').hidden = false;
}

async function runNetwork() {
  const file = $('network-upload').files[0];
  if (!file) return;
  $('network-status').textContent = 'conv4j is running ' + file.name + ' through the model ...';
  $('network-error').hidden = true;
  const q = new URLSearchParams({ invert: $('network-invert').checked ? '1' : '0' });
  const { ok, body } = await call('/api/network?' + q.toString(), { method: 'POST', body: file });
  if (!ok) {
    $('network-status').textContent = '';
    showError($('network-error'), body);
    $('layers').replaceChildren();
    $('prediction').replaceChildren();
    hideWindow();
    return;
  }
  network.id = body.id;
  $('network-status').textContent = file.name + ': ' + body.layers.length + ' steps computed by conv4j';
  $('layers').replaceChildren(...body.layers.map(layerItem));
  showPrediction(body);
  hideWindow();
}

async function call(url, init) {
  try {
    const response = await fetch(url, init);
    return { ok: response.ok, body: await response.json() };
  } catch (e) {
    return { ok: false, body: { error: 'the server did not answer: ' + e } };
  }
}

function layerItem(layer) {
  const li = document.createElement('li');
  const words = document.createElement('div');
  const name = document.createElement('div');
  name.className = 'layer-name';
  name.textContent = (layer.index >= 0 ? layer.index + ' ' : '') + layer.name + ' (' + layer.className + ')';
  const shape = document.createElement('div');
  shape.className = 'layer-shape';
  shape.textContent = '-> [' + layer.shape.join(',') + ']';
  words.append(name, shape, ...layer.formulas.map((f) => {
    const d = document.createElement('div');
    d.className = 'layer-formula';
    d.textContent = f;
    return d;
  }));
  const maps = document.createElement('div');
  maps.className = 'maps';
  for (const m of layer.maps) maps.append(mapFigure(layer, m));
  if (layer.moreChannels > 0) maps.append(document.createTextNode('+ ' + layer.moreChannels + ' more channels'));
  if (layer.values) maps.append(plot([{ values: layer.values, colour: '#2166ac' }], layer.values.length + ' values'));
  li.append(words, maps);
  li.dataset.layer = String(layer.index);
  return li;
}

function mapFigure(layer, m) {
  const fig = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = 'ch ' + m.channel + (m.depthSlice ? ' (depth ' + m.depthSlice + ')' : '');
  if (m.values) {
    fig.append(plot([{ values: m.values, colour: '#2166ac' }], 'ch ' + m.channel), caption);
    return fig;
  }
  const img = document.createElement('img');
  img.src = m.png;
  img.alt = layer.name + ' channel ' + m.channel + ', ' + m.height + ' by ' + m.width;
  img.dataset.channel = String(m.channel);
  if (layer.convolution && !m.depthSlice) {
    img.className = 'clickable';
    img.tabIndex = 0;
    img.title = 'click a point: the sum that made it';
    const open = (y, x) => showWindow(layer.index, m.channel, [y, x]);
    img.addEventListener('click', (e) => {
      const r = img.getBoundingClientRect();
      open(Math.min(m.height - 1, Math.floor((e.clientY - r.top) / r.height * m.height)),
        Math.min(m.width - 1, Math.floor((e.clientX - r.left) / r.width * m.width)));
    });
    img.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open(Math.floor(m.height / 2), Math.floor(m.width / 2));
      }
    });
  }
  fig.append(img, caption);
  return fig;
}

async function showWindow(layer, channel, at) {
  const q = new URLSearchParams({ id: String(network.id), layer: String(layer), channel: String(channel),
    at: at.join(',') });
  const { ok, body } = await call('/api/network/window?' + q.toString());
  if (!ok) {
    showError($('network-error'), body);
    hideWindow();
    return;
  }
  $('network-error').hidden = true;
  $('window').innerHTML = body.svg; // drawn by conv4j on the server
  $('window').setAttribute('aria-label', body.layerName + ' filter ' + body.channel + ' at [' + body.position.join(',')
    + ']: input window times learned weights; the sum is in the text below');
  $('window').hidden = false;
  $('window-text').textContent = body.text;
  $('window-text').hidden = false;
}

function hideWindow() {
  $('window').hidden = true;
  $('window').replaceChildren();
  $('window-text').hidden = true;
  $('window-text').textContent = '';
}

function showPrediction(body) {
  const heading = document.createElement('h3');
  heading.textContent = 'prediction: ' + body.predictedName + ' (' + (100 * body.probabilities[body.predicted]).toFixed(1)
    + ' %)';
  const bars = body.probabilities.map((p, c) => {
    const row = document.createElement('div');
    row.className = 'bar' + (c === body.predicted ? ' best' : '');
    const label = document.createElement('span');
    label.textContent = body.classes[c];
    const track = document.createElement('span');
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.width = (100 * p).toFixed(1) + '%';
    track.append(fill);
    const value = document.createElement('span');
    value.textContent = (100 * p).toFixed(2) + ' %';
    row.append(label, track, value);
    return row;
  });
  $('prediction').replaceChildren(heading, ...bars);
}

// ---- wiring -------------------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('rank').addEventListener('change', onRankChange);
  $('conv-form').addEventListener('input', scheduleUpdate);
  $('conv-form').addEventListener('change', scheduleUpdate);
  $('conv-form').addEventListener('submit', (e) => e.preventDefault());
  $('first').addEventListener('click', () => { stop(); showFrame(0); });
  $('prev').addEventListener('click', () => { stop(); showFrame(state.frame - 1); });
  $('next').addEventListener('click', () => { stop(); showFrame(state.frame + 1); });
  $('play').addEventListener('click', play);
  $('step').addEventListener('input', () => { stop(); showFrame(Number($('step').value)); });
  $('grid').addEventListener('mouseover', onGridHover);
  $('grid').addEventListener('keydown', onGridKey);
  $('backward-picture').addEventListener('click', onBackwardClick);
  $('backward-picture').addEventListener('keydown', onBackwardKey);
  $('grid').addEventListener('mouseleave', () => { $('hover-label').textContent = ''; showFrame(state.frame); });
  $('upload').addEventListener('change', onUpload);
  $('sample-image').addEventListener('click', () => sample('image'));
  $('sample-signal').addEventListener('click', () => sample('signal'));
  $('network-upload').addEventListener('change', runNetwork);
  $('network-invert').addEventListener('change', runNetwork);
  showNetworkIfServed();
  update();
});
