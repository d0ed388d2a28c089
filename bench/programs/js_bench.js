// A JavaScript workload for an interpreter compiled to Wasm (QuickJS, the
// "quickjs" program of `make bench`): object-heavy code, closures, string
// building, sorting, a task scheduler and a small ray tracer. Deterministic
// (its own PRNG, no Date or Math.random); the script's value is one line of
// per-part checksums, which the suite compares across engines.
'use strict';

const SCALE = 1;  // each part's size is tuned for a few seconds in all

let seed = 12345;
function random() {  // a 31-bit linear congruential generator
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}

function hashString(s, h) {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

// ---- Objects and garbage: binary trees, built and walked ----
function trees(depth, rounds) {
  function make(d) {
    return d === 0 ? { left: null, right: null, value: 1 }
                   : { left: make(d - 1), right: make(d - 1), value: d };
  }
  function check(node) {
    return node.left === null ? node.value : node.value + check(node.left) + check(node.right);
  }
  let total = 0;
  const longLived = make(depth);
  for (let r = 0; r < rounds; r++) total += check(make(depth - (r % 4)));
  return total + check(longLived);
}

// ---- Closures and higher-order functions ----
function closures(n) {
  const adders = [];
  for (let i = 0; i < 64; i++) adders.push((x) => (x * 31 + i) | 0);
  const compose = (f, g) => (x) => g(f(x));
  let pipeline = (x) => x;
  for (let i = 0; i < 8; i++) pipeline = compose(pipeline, adders[(i * 7) % 64]);
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (acc + pipeline(i)) | 0;
  const counters = Array.from({ length: 16 }, (_, k) => {
    let count = k;
    return { bump: () => ++count, get: () => count };
  });
  for (let i = 0; i < n; i++) counters[i & 15].bump();
  return [acc >>> 0, counters.reduce((s, c) => s + c.get(), 0)];
}

// ---- Strings: building, splitting, JSON, maps of words ----
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'xe', 'zu', 'qua', 'bri'];
function strings(n) {
  const words = [];
  for (let i = 0; i < n; i++) {
    let w = '';
    const len = 1 + Math.floor(random() * 4);
    for (let j = 0; j < len; j++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.push(w);
  }
  const text = words.join(' ');
  const counts = new Map();
  for (const w of text.split(' ')) counts.set(w, (counts.get(w) || 0) + 1);
  const records = [];
  for (const [word, count] of counts) {
    if (count > 2) {
      records.push({ word, count, upper: word.toUpperCase(), rev: [...word].reverse().join('') });
    }
  }
  const json = JSON.stringify(records);
  const back = JSON.parse(json);
  let h = hashString(json, 2166136261);
  h = hashString(back.map((r) => r.rev).join(','), h);
  const replaced = text.replace(/ka(lo|mi)/g, (m, s) => s.toUpperCase() + '!');
  return [counts.size, back.length, hashString(replaced, h)];
}

// ---- Sorting: numbers, strings and objects with comparators ----
function sorting(n) {
  const numbers = Array.from({ length: n }, () => Math.floor(random() * 1e6));
  const sortedNumbers = numbers.slice().sort((a, b) => a - b);
  const people = numbers.map((v, i) => ({ id: i, age: v % 90,
                                          name: 'p' + (v % 1000).toString(36) }));
  people.sort((a, b) => a.age - b.age ||
                        (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  const names = people.map((p) => p.name + p.id).sort();
  let h = 2166136261;
  for (let i = 0; i < n; i += 97) h = Math.imul(h ^ sortedNumbers[i], 16777619) >>> 0;
  for (let i = 0; i < n; i += 89) h = Math.imul(h ^ people[i].id, 16777619) >>> 0;
  return hashString(names.slice(0, 200).join(), h);
}

// ---- A cooperative task scheduler with queues of packets ----
class Packet {
  constructor(link, kind, data) { this.link = link; this.kind = kind; this.data = data; }
}
class Task {
  constructor(id, priority, work) {
    this.id = id; this.priority = priority; this.work = work;
    this.queue = []; this.waiting = false; this.runs = 0;
  }
}
class Scheduler {
  constructor() { this.tasks = []; this.delivered = 0; this.checksum = 0; }
  add(task) { this.tasks.push(task); this.tasks.sort((a, b) => b.priority - a.priority); }
  send(to, packet) {
    const task = this.tasks.find((t) => t.id === to);
    task.queue.push(packet);
    task.waiting = false;
    this.delivered++;
  }
  run(steps) {
    for (let s = 0; s < steps; s++) {
      const task = this.tasks.find((t) => !t.waiting);
      if (!task) break;
      task.runs++;
      task.work(this, task);
    }
  }
}
function scheduler(steps) {
  const sched = new Scheduler();
  const kinds = ['io', 'calc', 'log'];
  sched.add(new Task(0, 10, (s, t) => {  // the source: emits packets round robin
    s.send(1 + (t.runs % 3), new Packet(null, kinds[t.runs % 3], t.runs));
    if (t.runs % 4 === 3) t.waiting = true;
  }));
  for (let id = 1; id <= 3; id++) {
    sched.add(new Task(id, 20 + id, (s, t) => {  // workers: transform and forward
      const p = t.queue.shift();
      if (!p) { t.waiting = true; return; }
      const value = p.kind === 'calc' ? (p.data * 7 + t.id) % 1009 : p.data ^ t.id;
      s.send(4, new Packet(p, p.kind, value));
    }));
  }
  sched.add(new Task(4, 30, (s, t) => {  // the sink: folds packets into a checksum
    const p = t.queue.shift();
    if (!p) { t.waiting = true; s.tasks[s.tasks.length - 1].waiting = false; return; }
    s.checksum = (Math.imul(s.checksum, 31) + p.data + p.kind.length) >>> 0;
  }));
  sched.run(steps);
  return [sched.delivered, sched.checksum];
}

// ---- A small ray tracer: spheres, a plane, shadows and reflections ----
class Vec {
  constructor(x, y, z) { this.x = x; this.y = y; this.z = z; }
  add(o) { return new Vec(this.x + o.x, this.y + o.y, this.z + o.z); }
  sub(o) { return new Vec(this.x - o.x, this.y - o.y, this.z - o.z); }
  scale(k) { return new Vec(this.x * k, this.y * k, this.z * k); }
  dot(o) { return this.x * o.x + this.y * o.y + this.z * o.z; }
  norm() { return this.scale(1 / Math.sqrt(this.dot(this))); }
}
class Sphere {
  constructor(center, radius, color, mirror) {
    this.center = center; this.radius = radius; this.color = color; this.mirror = mirror;
  }
  hit(origin, dir) {
    const oc = origin.sub(this.center);
    const b = oc.dot(dir), c = oc.dot(oc) - this.radius * this.radius;
    const disc = b * b - c;
    if (disc < 0) return Infinity;
    const t = -b - Math.sqrt(disc);
    return t > 1e-4 ? t : Infinity;
  }
  normal(p) { return p.sub(this.center).norm(); }
}
class Plane {
  constructor(y, color) { this.y = y; this.color = color; this.mirror = 0.2; }
  hit(origin, dir) {
    if (Math.abs(dir.y) < 1e-9) return Infinity;
    const t = (this.y - origin.y) / dir.y;
    return t > 1e-4 ? t : Infinity;
  }
  normal() { return new Vec(0, 1, 0); }
}
function raytrace(width, height) {
  const scene = [new Plane(-1, new Vec(0.8, 0.8, 0.7))];
  for (let i = 0; i < 6; i++) {
    scene.push(new Sphere(new Vec(-2.5 + i, -0.4 + (i % 2) * 0.5, 4 + (i % 3)), 0.6,
                          new Vec(0.2 + 0.13 * i, 0.9 - 0.1 * i, 0.5), i % 2 ? 0.5 : 0));
  }
  const light = new Vec(-3, 5, -2).norm();
  function trace(origin, dir, depth) {
    let nearest = Infinity, object = null;
    for (const o of scene) {
      const t = o.hit(origin, dir);
      if (t < nearest) { nearest = t; object = o; }
    }
    if (!object) return new Vec(0.3, 0.5, 0.9).scale(0.5 + 0.5 * dir.y);
    const point = origin.add(dir.scale(nearest));
    const normal = object.normal(point);
    let shade = Math.max(0, normal.dot(light));
    for (const o of scene) if (o.hit(point, light) < Infinity) { shade *= 0.3; break; }
    let color = object.color.scale(0.1 + 0.9 * shade);
    if (object.mirror > 0 && depth < 3) {
      const reflected = dir.sub(normal.scale(2 * dir.dot(normal)));
      const mirrored = trace(point, reflected, depth + 1);
      color = color.scale(1 - object.mirror).add(mirrored.scale(object.mirror));
    }
    return color;
  }
  let h = 2166136261;
  const eye = new Vec(0, 0.5, -1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dir = new Vec((x - width / 2) / height, (height / 2 - y) / height, 1).norm();
      const c = trace(eye, dir, 0);
      const pixel = (Math.min(255, c.x * 255 | 0) << 16) | (Math.min(255, c.y * 255 | 0) << 8) |
                    Math.min(255, c.z * 255 | 0);
      h = Math.imul(h ^ pixel, 16777619) >>> 0;
    }
  }
  return h;
}

[
  'trees=' + trees(14, 12 * SCALE),
  'closures=' + closures(300000 * SCALE).join('/'),
  'strings=' + strings(80000 * SCALE).join('/'),
  'sorting=' + sorting(60000 * SCALE),
  'scheduler=' + scheduler(300000 * SCALE).join('/'),
  'raytrace=' + raytrace(160 * SCALE, 100),
].join(' ');
