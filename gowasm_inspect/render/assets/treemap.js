"use strict";
// The treemap of one build (or of a diff: the new build, coloured by change). Every name from the binary
// reaches the page as text (textContent), never as markup.
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const KIND = ["file", "section", "module", "package", "function", "region", "part"];
  const names = data.names;
  let id = 0;

  // a node: [kind, name index, bytes, change, flags (1: added), children?]; `top` is its section's place
  function build(raw, parent, top) {
    const node = { id: id++, kind: KIND[raw[0]], name: names[raw[1]], size: raw[2], delta: raw[3],
                   added: (raw[4] & 1) === 1, parent: parent, top: top, children: [] };
    (raw[5] || []).forEach((child, place) => node.children.push(build(child, node, parent ? top : place)));
    return node;
  }
  const root = build(data.tree, null, null);
  const byId = [];
  (function index(node) { byId[node.id] = node; node.children.forEach(index); })(root);

  const $ = (selector) => document.querySelector(selector);
  const el = (tag, cls, text) => {
    const made = document.createElement(tag);
    if (cls) made.className = cls;
    if (text !== undefined) made.textContent = text;
    return made;
  };
  const fmt = (n) => n.toLocaleString("en-US");
  const human = (n) => {
    const units = ["B", "KiB", "MiB", "GiB"];
    let value = Math.abs(n), unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return (n < 0 ? "-" : "") + (unit ? value.toFixed(1) : value) + " " + units[unit];
  };
  const pct = (part, whole) => (whole ? (100 * part / whole).toFixed(1) : "0.0") + "%";
  const signed = (n) => (n > 0 ? "+" : "") + fmt(n);

  let measure = "raw";
  // bytes in the file, or a section's estimated share of the compressed file spread over its parts
  const value = (node) => {
    if (measure === "raw") return node.size;
    if (node === root) return root.children.reduce((sum, child) => sum + value(child), 0);
    return node.size * data.measures[measure][node.top];
  };

  // Squarified layout (Bruls, Huizing, van Wijk): rows along the shorter side, each row kept while it
  // makes the worst aspect ratio no worse.
  function squarify(items, x, y, w, h) {
    const out = [];
    const sum = items.reduce((s, item) => s + item.v, 0);
    if (sum <= 0 || w <= 0 || h <= 0) return out;
    const scale = (w * h) / sum;
    let rest = items.map((item) => ({ item: item, a: item.v * scale }));
    while (rest.length) {
      const side = Math.min(w, h);
      let row = [], rowSum = 0, worst = Infinity;
      while (rest.length) {
        const next = rest[0], s = rowSum + next.a;
        const max = Math.max(next.a, ...row.map((r) => r.a)), min = Math.min(next.a, ...row.map((r) => r.a));
        const ratio = Math.max((side * side * max) / (s * s), (s * s) / (side * side * min));
        if (row.length && ratio > worst) break;
        row.push(rest.shift()); rowSum = s; worst = ratio;
      }
      const thick = rowSum / side;
      let offset = 0;
      for (const r of row) {
        const length = r.a / thick;
        if (w >= h) out.push({ item: r.item, x: x, y: y + offset, w: thick, h: length });
        else out.push({ item: r.item, x: x + offset, y: y, w: length, h: thick });
        offset += length;
      }
      if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
    }
    return out;
  }

  function colour(node) {
    if (data.diff) {
      if (node.added) return "hsl(0, 70%, 55%)";
      const base = node.size - node.delta;
      const ratio = base > 0 ? Math.max(-1, Math.min(1, node.delta / base / 0.5)) : 0;
      if (!node.delta) return "#e4e4e4";
      return ratio > 0 ? `hsl(0, 65%, ${92 - 37 * ratio}%)` : `hsl(212, 60%, ${92 + 37 * ratio}%)`;
    }
    const hue = (node.top === null ? 0 : node.top * 47) % 360;
    const depth = { section: 0, module: 1, region: 1, package: 2, function: 3, part: 3 }[node.kind] || 0;
    return `hsl(${hue}, 45%, ${78 - 7 * depth}%)`;
  }
  const change = (node) => node.added ? "added" : node.delta > 0 ? "grew" : node.delta < 0 ? "shrank" : "same";

  const map = $("#map"), tip = $("#tip");
  let current = root, hits = null;

  function tile(node, box, cls) {
    const div = el("div", cls);
    div.style.left = box.x + "px"; div.style.top = box.y + "px";
    div.style.width = Math.max(0, box.w) + "px"; div.style.height = Math.max(0, box.h) + "px";
    div.style.background = colour(node);
    div.dataset.id = node.id;
    div.dataset.bytes = node.size;
    if (data.diff) { div.dataset.change = change(node); div.dataset.delta = node.delta; }
    if (hits && hits.size) div.classList.add(hits.has(node.id) ? "hit" : "dim");
    return div;
  }

  function draw() {
    map.textContent = "";
    const width = map.clientWidth, height = map.clientHeight;
    const items = current.children.filter((child) => value(child) > 0).map((child) => ({ node: child, v: value(child) }));
    for (const box of squarify(items, 0, 0, width, height)) {
      const node = box.item.node;
      const div = tile(node, box, "tile");
      div.tabIndex = 0;
      div.setAttribute("role", "button");
      if (box.w > 36 && box.h > 15) {
        const label = el("span", "label", node.name);
        label.append(el("small", null, human(value(node))));
        div.append(label);
      }
      if (node.children.length && box.w > 30 && box.h > 34) {
        const inner = node.children.filter((child) => value(child) > 0).map((child) => ({ node: child, v: value(child) }));
        for (const sub of squarify(inner, 2, 17, box.w - 6, box.h - 21)) {
          const part = tile(sub.item.node, sub, "sub");
          if (sub.w > 50 && sub.h > 15) part.append(el("span", "label", sub.item.node.name));
          div.append(part);
        }
      }
      map.append(div);
    }
    crumbs(); table();
  }

  function crumbs() {
    const list = $("#crumbs");
    list.textContent = "";
    const path = [];
    for (let node = current; node; node = node.parent) path.unshift(node);
    for (const node of path) {
      const item = el("li"), button = el("button", null, node === root ? "file" : node.name);
      button.type = "button";
      button.addEventListener("click", () => zoom(node));
      item.append(button); list.append(item);
    }
  }

  let sortKey = "bytes", sortDown = true;
  function table() {
    const head = $("#level thead tr"), body = $("#level tbody");
    head.textContent = ""; body.textContent = "";
    const columns = [["name", "Name", ""], ["bytes", "Bytes", "num"], ["share", "% of " + (current === root ? "file" : "parent"), "num"]];
    if (data.diff) columns.push(["delta", "Change", "num"]);
    for (const [key, title, cls] of columns) {
      const th = el("th", cls, title + (key === sortKey ? (sortDown ? " \u25BE" : " \u25B4") : ""));
      th.dataset.key = key;
      th.addEventListener("click", () => { sortDown = key === sortKey ? !sortDown : key !== "name"; sortKey = key; table(); });
      head.append(th);
    }
    const whole = value(current);
    const rows = current.children.slice();
    const keyOf = { name: (n) => n.name, bytes: value, share: value, delta: (n) => n.delta };
    rows.sort((a, b) => {
      const x = keyOf[sortKey](a), y = keyOf[sortKey](b);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return sortDown ? -order : order;
    });
    for (const node of rows) {
      const tr = el("tr");
      tr.dataset.id = node.id;
      tr.append(el("td", "name", node.name), el("td", "num", fmt(Math.round(value(node)))), el("td", "num", pct(value(node), whole)));
      if (data.diff) tr.append(el("td", "num", node.added ? "added" : signed(node.delta)));
      tr.addEventListener("click", () => zoom(node.children.length ? node : current));
      body.append(tr);
    }
  }

  function zoom(node) {
    if (!node.children.length) node = node.parent || root;
    current = node; draw();
    const first = map.querySelector(".tile");
    if (first && document.activeElement && document.activeElement.classList.contains("tile")) first.focus();
  }

  function nodeOf(target) {
    const found = target.closest(".sub, .tile");
    return found ? byId[Number(found.dataset.id)] : null;
  }
  map.addEventListener("click", (event) => {
    const node = nodeOf(event.target);
    if (!node) return;
    const own = event.target.closest(".tile");
    const outer = byId[Number(own.dataset.id)];
    zoom(node.children.length ? node : outer);
  });
  map.addEventListener("keydown", (event) => {
    const node = nodeOf(event.target);
    if ((event.key === "Enter" || event.key === " ") && node) { event.preventDefault(); zoom(node); }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== $("#search")) { event.preventDefault(); $("#search").focus(); }
    else if ((event.key === "Escape" || event.key === "Backspace") && document.activeElement !== $("#search") && current.parent) {
      event.preventDefault(); zoom(current.parent);
    }
  });
  map.addEventListener("mousemove", (event) => {
    const node = nodeOf(event.target);
    if (!node) { tip.hidden = true; return; }
    tip.textContent = "";
    const path = [];
    for (let at = node; at && at !== root; at = at.parent) path.unshift(at.name);
    tip.append(el("b", null, node.name));
    if (path.length > 1) tip.append(el("div", null, path.slice(0, -1).join(" \u203A ")));
    tip.append(el("div", null, `${fmt(Math.round(value(node)))} bytes (${human(value(node))})`));
    tip.append(el("div", null, `${pct(value(node), value(root))} of the file, ${pct(value(node), value(node.parent || root))} of ${node.parent && node.parent !== root ? node.parent.name : "the file"}`));
    if (data.diff) tip.append(el("div", null, node.added ? "added in the new build" : `change: ${signed(node.delta)} bytes`));
    tip.hidden = false;
    tip.style.left = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 4) + "px";
    tip.style.top = Math.min(event.clientY + 14, window.innerHeight - tip.offsetHeight - 4) + "px";
  });
  map.addEventListener("mouseleave", () => { tip.hidden = true; });

  function search(query) {
    const q = query.trim().toLowerCase();
    const found = $("#found");
    if (!q) { hits = null; found.textContent = ""; draw(); return; }
    hits = new Set();
    let count = 0, bytes = 0;
    (function walk(node, inside) {
      const match = node !== root && node.name.toLowerCase().includes(q);
      if (match) { count++; if (!inside) bytes += node.size; }
      let any = match;
      for (const child of node.children) any = walk(child, inside || match) || any;
      if (any) hits.add(node.id);
      return any;
    })(root, false);
    found.textContent = `${fmt(count)} matches, ${fmt(bytes)} bytes`;
    found.dataset.count = count; found.dataset.bytes = bytes;
    draw();
  }
  let timer = 0;
  $("#search").addEventListener("input", (event) => { clearTimeout(timer); timer = setTimeout(() => search(event.target.value), 120); });

  const select = $("#measure");
  select.append(el("option", null, "raw bytes"));
  select.options[0].value = "raw";
  for (const algorithm of Object.keys(data.measures || {})) {
    const option = el("option", null, algorithm + " (estimated)");
    option.value = algorithm; select.append(option);
  }
  if (select.options.length < 2) $("#measure-label").hidden = true;
  select.addEventListener("change", () => { measure = select.value; draw(); });

  $("#title").textContent = data.title;
  for (const [label, text] of data.facts) {
    const item = el("div");
    item.append(el("dt", null, label), el("dd", null, text));
    $("#facts").append(item);
  }
  if (data.diff) {
    const legend = $("#legend");
    legend.append(el("span", null, "shrank"), el("i"), el("span", null, "grew (red: added)"));
    legend.hidden = false;
  }
  const extra = $("#extra");
  for (const part of data.tables || []) {
    extra.append(el("h2", null, part.title));
    if (!part.rows.length) continue;
    const t = el("table"), head = el("tr");
    part.columns.forEach((title, column) => head.append(el("th", column ? "num" : "", title)));
    t.append(el("thead")); t.tHead.append(head);
    const body = el("tbody");
    for (const row of part.rows) {
      const tr = el("tr");
      row.forEach((cell, column) => tr.append(el("td", column ? "num" : "name", String(cell))));
      body.append(tr);
    }
    t.append(body); extra.append(t);
  }
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(draw, 100); });
  draw();
  document.body.dataset.ready = "1";
})();
