// conv4j explains: the 3D view of a 3D convolution, to turn and zoom. three.js comes from this server (/vendor/,
// unpacked from its WebJar when conv4j was built). Without WebGL the section says so and the pictures stay.
import * as THREE from '/vendor/three.module.min.js';

const MAX_CELLS = 16; // per axis, padding included: beyond, the volumes are drawn as boxes
const GAP = 1.0;
const CUBE = 0.62;
const COLOURS = {
  input: new THREE.Color('#dbe7f4'),
  pad: new THREE.Color('#cfcfcf'),
  read: new THREE.Color('#2166ac'),
  readPad: new THREE.Color('#92c5de'),
  output: new THREE.Color('#dcefdc'),
  done: new THREE.Color('#8cbf8c'),
  current: new THREE.Color('#e66101'),
};

const section = document.getElementById('view3d');
const holder = document.getElementById('view3d-canvas');
const note = document.getElementById('view3d-note');
const view = { renderer: null, scene: null, camera: null, world: null, yaw: -0.6, pitch: 0.35, distance: 30,
  geometry: null, input: null, output: null, frame: 0 };

function webglRenderer() {
  const canvas = document.createElement('canvas');
  if (!(canvas.getContext('webgl2') || canvas.getContext('webgl'))) return null;
  try {
    return new THREE.WebGLRenderer({ canvas: document.createElement('canvas'), antialias: true,
      preserveDrawingBuffer: true });
  } catch (e) {
    return null;
  }
}

function init() {
  view.renderer = webglRenderer();
  if (!view.renderer) {
    note.textContent = 'The 3D view needs WebGL, which this browser does not offer; the pictures below show the'
      + ' same convolution.';
    return false;
  }
  const canvas = view.renderer.domElement;
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.id = 'view3d-gl';
  holder.append(canvas);
  view.scene = new THREE.Scene();
  view.scene.background = new THREE.Color('#ffffff');
  view.scene.add(new THREE.AmbientLight(0xffffff, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.8);
  sun.position.set(4, 8, 6);
  view.scene.add(sun);
  view.camera = new THREE.PerspectiveCamera(40, 2, 0.1, 500);
  wireControls(canvas);
  new ResizeObserver(resize).observe(holder);
  resize();
  return true;
}

function resize() {
  if (!view.renderer) return;
  const width = Math.max(200, holder.clientWidth);
  const height = 380;
  view.renderer.setSize(width, height, true);
  view.camera.aspect = width / height;
  view.camera.updateProjectionMatrix();
  draw();
}

// ---- turning and zooming: drag or arrow keys turn, the wheel or +/- zoom -----------------------------------

function wireControls(canvas) {
  let drag = null;
  canvas.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, yaw: view.yaw, pitch: view.pitch };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    turn(drag.yaw + (e.clientX - drag.x) * 0.01, drag.pitch + (e.clientY - drag.y) * 0.01);
  });
  canvas.addEventListener('pointerup', () => { drag = null; });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    zoom(view.distance * (e.deltaY > 0 ? 1.1 : 1 / 1.1));
  }, { passive: false });
  canvas.addEventListener('keydown', (e) => {
    const step = 0.15;
    const keys = {
      ArrowLeft: () => turn(view.yaw - step, view.pitch),
      ArrowRight: () => turn(view.yaw + step, view.pitch),
      ArrowUp: () => turn(view.yaw, view.pitch - step),
      ArrowDown: () => turn(view.yaw, view.pitch + step),
      '+': () => zoom(view.distance / 1.15),
      '=': () => zoom(view.distance / 1.15),
      '-': () => zoom(view.distance * 1.15),
    };
    if (keys[e.key]) {
      e.preventDefault();
      keys[e.key]();
    }
  });
}

function turn(yaw, pitch) {
  view.yaw = yaw;
  view.pitch = Math.max(-1.45, Math.min(1.45, pitch));
  draw();
}

function zoom(distance) {
  view.distance = Math.max(4, Math.min(200, distance));
  draw();
}

function draw() {
  if (!view.renderer || !view.world) return;
  view.world.rotation.set(view.pitch, view.yaw, 0);
  view.camera.position.set(0, 0, view.distance);
  view.camera.lookAt(0, 0, 0);
  view.renderer.render(view.scene, view.camera);
  const canvas = view.renderer.domElement;
  canvas.dataset.yaw = view.yaw.toFixed(3);
  canvas.dataset.pitch = view.pitch.toFixed(3);
  canvas.dataset.distance = view.distance.toFixed(2);
}

// ---- the scene: input with its padding, output, axis arrows -----------------------------------------------

/** Padded extent of each axis: [from, to) in input coordinates, depth, height, width. */
function paddedRanges(g) {
  return g.axes.map((a) => [-a.padBefore, a.input + a.padAfter]);
}

function cells(ranges) {
  const out = [];
  for (let d = ranges[0][0]; d < ranges[0][1]; d++) {
    for (let h = ranges[1][0]; h < ranges[1][1]; h++) {
      for (let w = ranges[2][0]; w < ranges[2][1]; w++) out.push([d, h, w]);
    }
  }
  return out;
}

/** Cubes at each cell: width to +x, height down (-y), depth away from the viewer (-z). */
function volume(list, origin) {
  const material = new THREE.MeshLambertMaterial({ color: 0xffffff });
  const mesh = new THREE.InstancedMesh(new THREE.BoxGeometry(CUBE, CUBE, CUBE), material, Math.max(1, list.length));
  const m = new THREE.Matrix4();
  list.forEach(([d, h, w], i) => {
    m.makeTranslation(origin.x + w * GAP, origin.y - h * GAP, origin.z - d * GAP);
    mesh.setMatrixAt(i, m);
    mesh.setColorAt(i, COLOURS.input);
  });
  mesh.count = list.length;
  return mesh;
}

function label(text, position, colour) {
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 64;
  const c = canvas.getContext('2d');
  c.font = 'bold 34px DejaVu Sans, Verdana, sans-serif';
  c.fillStyle = colour;
  c.fillText(text, 4, 44);
  const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: new THREE.CanvasTexture(canvas), depthTest: false }));
  sprite.scale.set(4, 1, 1);
  sprite.position.copy(position);
  return sprite;
}

function arrow(from, direction, length, text, colour) {
  const group = new THREE.Group();
  group.add(new THREE.ArrowHelper(direction.clone().normalize(), from, length, new THREE.Color(colour), 0.6, 0.35));
  group.add(label(text, from.clone().add(direction.clone().normalize().multiplyScalar(length + 1.4)), colour));
  return group;
}

function build(g) {
  if (view.world) view.scene.remove(view.world);
  view.world = null;
  view.input = null;
  view.output = null;
  if (!g || g.rank !== 3) return;
  const ranges = paddedRanges(g);
  const sizes = ranges.map(([a, b]) => b - a);
  const outSizes = g.axes.map((a) => a.output);
  if (sizes.some((n) => n > MAX_CELLS) || outSizes.some((n) => n > MAX_CELLS)) {
    note.textContent = 'The 3D view draws volumes of up to ' + MAX_CELLS + ' cells an axis, padding included; this one'
      + ' is ' + sizes.join(' x ') + '. The pictures below show it.';
    return;
  }
  note.textContent = 'Drag (or use the arrow keys) to turn, wheel (or + and -) to zoom. Input with its padding on the'
    + ' left, output on the right; the orange voxel is computed from the blue cells.';
  const world = new THREE.Group();
  const width = sizes[2] + 3 + outSizes[2];
  const origin = new THREE.Vector3(-width / 2 + 0.5, sizes[1] / 2, sizes[0] / 2);
  const inputCells = cells(ranges);
  view.input = { mesh: volume(inputCells, origin.clone().add(new THREE.Vector3(-ranges[2][0], ranges[1][0],
    ranges[0][0]))), cells: inputCells };
  const outOrigin = origin.clone().add(new THREE.Vector3(sizes[2] + 3, -(sizes[1] - outSizes[1]) / 2,
    -(sizes[0] - outSizes[0]) / 2));
  const outputCells = cells(outSizes.map((n) => [0, n]));
  view.output = { mesh: volume(outputCells, outOrigin), cells: outputCells };
  world.add(view.input.mesh, view.output.mesh);
  const corner = origin.clone().add(new THREE.Vector3(-1.2, 1.2, 0.8));
  world.add(arrow(corner, new THREE.Vector3(1, 0, 0), Math.max(2, sizes[2] - 1), 'width', '#1b5e9a'));
  world.add(arrow(corner, new THREE.Vector3(0, -1, 0), Math.max(2, sizes[1] - 1), 'height', '#1b5e9a'));
  world.add(arrow(corner, new THREE.Vector3(0, 0, -1), Math.max(2, sizes[0] - 1), 'depth', '#1b5e9a'));
  world.add(label('input', origin.clone().add(new THREE.Vector3(0, 2.4, 0)), '#222222'));
  world.add(label('output', outOrigin.clone().add(new THREE.Vector3(0, 2.4, 0)), '#222222'));
  view.world = world;
  view.scene.add(world);
  view.distance = Math.max(14, width * 1.6);
  section.querySelector('canvas').setAttribute('aria-label', 'a 3D view of ' + g.problem
    + ': the input volume with its padding and the output volume, the current window lit');
}

/** Lights the window of output position pos and the outputs already computed (frames before it). */
function light(pos, done) {
  const g = view.geometry;
  if (!view.input || !pos) return;
  const taps = g.axes.map((a, i) => {
    const set = new Set();
    for (let j = 0; j < a.kernel; j++) set.add(pos[i] * a.stride - a.padBefore + j * a.dilation);
    return set;
  });
  let lit = 0;
  let litPad = 0;
  view.input.cells.forEach((c, i) => {
    const inside = c.every((v, k) => v >= 0 && v < g.axes[k].input);
    const read = c.every((v, k) => taps[k].has(v));
    lit += read && inside ? 1 : 0;
    litPad += read && !inside ? 1 : 0;
    view.input.mesh.setColorAt(i, read ? (inside ? COLOURS.read : COLOURS.readPad) : inside ? COLOURS.input
      : COLOURS.pad);
  });
  const key = (c) => c.join(',');
  const doneSet = new Set(done.map(key));
  view.output.cells.forEach((c, i) => {
    view.output.mesh.setColorAt(i, key(c) === key(pos) ? COLOURS.current : doneSet.has(key(c)) ? COLOURS.done
      : COLOURS.output);
  });
  view.input.mesh.instanceColor.needsUpdate = true;
  view.output.mesh.instanceColor.needsUpdate = true;
  view.renderer.domElement.dataset.lit = String(lit);
  view.renderer.domElement.dataset.litPad = String(litPad);
  view.renderer.domElement.dataset.position = pos.join(',');
}

document.addEventListener('conv4j-geometry', (e) => {
  const g = e.detail;
  section.hidden = !g || g.rank !== 3;
  if (section.hidden) return;
  if (!view.renderer && !init()) return;
  view.geometry = g;
  build(g);
  resize();
});

document.addEventListener('conv4j-frame', (e) => {
  if (!view.renderer || section.hidden) return;
  light(e.detail.position, e.detail.done);
  draw();
});
