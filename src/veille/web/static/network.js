// veille: the campaign network (svg#network, drawn by the server). Wheel zooms around the
// pointer, dragging pans, hovering an account shows its handle and degree, clicking selects it
// and lists its edges and shared objects in #network-panel. Our own code, no library.
"use strict";

(function () {
  const svg = document.getElementById("network");
  if (!svg) return;
  const tip = document.getElementById("network-tip");
  const panel = document.getElementById("network-panel");
  const size = svg.viewBox.baseVal.width;
  let view = {x: 0, y: 0, w: size, h: size};
  let data = null;

  function apply() { svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`); }

  function toGraph(event) {  // pointer position in graph coordinates
    const box = svg.getBoundingClientRect();
    const scale = Math.max(view.w / box.width, view.h / box.height);
    const offsetX = (box.width * scale - view.w) / 2, offsetY = (box.height * scale - view.h) / 2;
    return {x: view.x - offsetX + (event.clientX - box.left) * scale,
            y: view.y - offsetY + (event.clientY - box.top) * scale, scale};
  }

  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const at = toGraph(event);
    const factor = Math.exp(Math.sign(event.deltaY) * 0.15);
    const w = Math.min(Math.max(view.w * factor, size / 40), size * 4);
    const k = w / view.w;
    view = {x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k, w, h: view.h * k};
    apply();
  }, {passive: false});

  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = {start: toGraph(event), view: {...view}, moved: false};
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const box = svg.getBoundingClientRect();
    const scale = Math.max(drag.view.w / box.width, drag.view.h / box.height);
    const dx = event.movementX * scale, dy = event.movementY * scale;
    if (Math.abs(dx) + Math.abs(dy) > 0) drag.moved = true;
    view.x -= dx; view.y -= dy;
    apply();
  });
  svg.addEventListener("pointerup", (event) => {
    const moved = drag && drag.moved;
    drag = null;
    if (!moved) {
      const node = document.elementFromPoint(event.clientX, event.clientY);
      if (node && node.classList && node.classList.contains("node")) select(node);
    }
  });

  svg.querySelectorAll("circle.node").forEach((node) => {
    node.addEventListener("pointerenter", () => {
      tip.textContent = `${node.dataset.label} · ${node.dataset.platform} · ${node.dataset.role} · degree ${node.dataset.degree}`;
      tip.hidden = false;
    });
    node.addEventListener("pointermove", (event) => {
      const box = svg.parentElement.getBoundingClientRect();
      // CSSOM, not a style attribute: allowed by the Content-Security-Policy.
      tip.style.left = `${event.clientX - box.left + 12}px`;
      tip.style.top = `${event.clientY - box.top + 12}px`;
    });
    node.addEventListener("pointerleave", () => { tip.hidden = true; });
    node.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") select(node); });
  });

  async function load() {
    if (data) return data;
    const response = await fetch(svg.dataset.api, {credentials: "same-origin", headers: {Accept: "application/json"}});
    if (!response.ok) throw new Error(response.statusText);
    data = await response.json();
    data.byId = Object.fromEntries(data.nodes.map((n) => [n.id, n]));
    return data;
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  async function select(node) {
    const id = node.dataset.id, i = node.dataset.i;
    svg.querySelectorAll(".selected").forEach((e) => e.classList.remove("selected"));
    svg.querySelectorAll(".dimmed").forEach((e) => e.classList.remove("dimmed"));
    node.classList.add("selected");
    const near = new Set([i]);  // node indices: lines name their ends by index (data-s, data-t)
    svg.querySelectorAll("line").forEach((line) => {
      if (line.dataset.s === i || line.dataset.t === i) {
        line.classList.add("selected");
        near.add(line.dataset.s); near.add(line.dataset.t);
      } else {
        line.classList.add("dimmed");
      }
    });
    svg.querySelectorAll("circle.node").forEach((c) => { if (!near.has(c.dataset.i)) c.classList.add("dimmed"); });
    panel.replaceChildren(el("p", "Loading…", "muted"));
    let graph;
    try { graph = await load(); } catch (e) { panel.replaceChildren(el("p", `Could not load the network: ${e.message}`, "error")); return; }
    const me = graph.byId[id];
    const edges = graph.edges.filter((e) => e.source === id || e.target === id)
      .sort((a, b) => b.co_actions - a.co_actions);
    const parts = [el("h3", me.label), el("p", `${me.platform} · ${me.role} · degree ${me.degree} · ${me.co_actions} co-actions`, "muted"),
                   el("p", me.id, "muted pseudonym")];
    parts.push(el("h4", `Edges (${edges.length})`));
    const list = el("ul", undefined, "edges");
    edges.slice(0, 50).forEach((e) => {
      const other = graph.byId[e.source === id ? e.target : e.source];
      list.append(el("li", `${other ? other.label : "?"}: ${e.kind}, ${e.objects} objects, ${e.co_actions} co-actions, ${Math.round(e.mean_delay)} s apart on average`));
    });
    parts.push(list);
    parts.push(el("h4", `Shared objects (latest ${me.objects.length})`));
    const objects = el("ul", undefined, "objects");
    me.objects.forEach((o) => {
      const item = el("li", `${o.time.slice(0, 19).replace("T", " ")} ${o.kind}: ${o.object.slice(0, 100)}`);
      if (o.sample && o.sample !== o.object) item.append(el("div", o.sample, "muted"));
      objects.append(item);
    });
    parts.push(objects);
    panel.replaceChildren(...parts);
  }
})();
