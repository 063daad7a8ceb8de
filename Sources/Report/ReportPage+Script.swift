extension ReportPage {
    /// The page's script: reads the embedded JSON (`#report-data`) and draws every section with
    /// the DOM, inline SVG and canvas. Marks `<body data-rendered="true" data-render-ms="...">`
    /// when done (milliseconds since navigation started) and logs the same to the console.
    static let script = ##"""
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("report-data").textContent);
  const SVGNS = "http://www.w3.org/2000/svg";
  const MAIN = ["HOTA", "DetA", "AssA", "LocA", "MOTA", "MOTP", "IDF1", "IDP", "IDR", "IDSW", "Frag", "MT", "ML", "CLR_FP", "CLR_FN"];
  const LOWER_IS_BETTER = new Set(["IDSW", "Frag", "ML", "CLR_FP", "CLR_FN"]);
  const SHOWN = { CLR_FP: "FP", CLR_FN: "FN" };
  const COUNTS = new Set(["IDSW", "Frag", "MT", "ML", "PT", "CLR_FP", "CLR_FN", "CLR_TP", "Dets", "GT_Dets", "IDs", "GT_IDs",
    "IDTP", "IDFN", "IDFP", "CLR_Frames"]);

  // Element helpers.
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else if (k === "style") e.style.cssText = attrs[k];
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    for (const c of kids) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  function svg(tag, attrs, ...kids) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    for (const c of kids) if (c) e.append(c);
    return e;
  }
  function fmt(v, d) {
    if (v === null || v === undefined || !isFinite(v)) return "-";
    return Number(v).toFixed(d === undefined ? 1 : d);
  }
  // Largest value of a long array (spreading it into Math.max overflows the stack).
  function maxOf(a) { let m = 0; for (const v of a) if (v > m) m = v; return m; }
  function secs(v) { return v === null || v === undefined ? "-" : fmt(v, 2) + " s"; }

  // The overlay video's colours (OverlayRenderer.colour): golden-ratio hues.
  function colour(id) {
    let h = (id * 0.61803398875) % 1; if (h < 0) h += 1;
    const s = 0.85, v = 1, i = Math.floor(h * 6) % 6, f = h * 6 - Math.floor(h * 6);
    const p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);
    const rgb = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][i];
    return "rgb(" + rgb.map(x => Math.floor(x * 255)).join(",") + ")";
  }
  const RUN_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

  function section(title, id, note) {
    const s = el("section", { id: id });
    s.append(el("h2", { text: title }));
    if (note) s.append(el("p", { cls: "note", text: note }));
    return s;
  }

  // A line chart: series [{name, values, colour}], x = first + index.
  function lineChart(series, first, opts) {
    opts = opts || {};
    const W = 900, H = opts.height || 220, L = 44, R = 10, T = 10, B = 28;
    const n = Math.max(1, ...series.map(s => s.values.length));
    const xs = opts.xs || null;
    const xmin = xs ? xs[0] : first, xmax = xs ? xs[xs.length - 1] : first + n - 1;
    const top = Math.max(1, ...series.map(s => maxOf(s.values)));
    const ymax = opts.ymax || (top <= 4 ? 4 : Math.ceil(top / 4) * 4);
    const sx = x => L + (xmax > xmin ? (x - xmin) / (xmax - xmin) : 0.5) * (W - L - R);
    const sy = y => T + (1 - y / ymax) * (H - T - B);
    const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart", role: "img" });
    for (let k = 0; k <= 4; k++) {
      const y = ymax * k / 4;
      g.append(svg("line", { x1: L, x2: W - R, y1: sy(y), y2: sy(y), class: "grid" }));
      g.append(svg("text", { x: L - 4, y: sy(y) + 4, "text-anchor": "end", text: opts.ylabels ? opts.ylabels(y) : fmt(y, ymax < 10 ? 1 : 0) }));
    }
    const ticks = 8;
    for (let k = 0; k <= ticks; k++) {
      const x = xmin + (xmax - xmin) * k / ticks;
      g.append(svg("text", { x: sx(x), y: H - 8, "text-anchor": "middle", text: opts.xlabels ? opts.xlabels(x) : String(Math.round(x)) }));
    }
    for (const s of series) {
      let d = "";
      s.values.forEach((v, i) => { d += (i ? "L" : "M") + sx(xs ? xs[i] : first + i).toFixed(1) + " " + sy(v).toFixed(1); });
      g.append(svg("path", { d: d, class: "series", stroke: s.colour, "stroke-width": s.width || 1.5 }, svg("title", { text: s.name })));
    }
    const legend = el("div", { cls: "legend" });
    for (const s of series) legend.append(el("span", {}, el("i", { style: "background:" + s.colour }), s.name));
    return el("figure", { cls: "plot" }, g, legend);
  }

  // Run file: inputs, settings, speed and where the time went.
  function runInfo(run) {
    const s = section("Run", "run-" + run.index, run.info ? null : "No run file beside " + run.results + ": only the results are shown.");
    const facts = el("table", { cls: "facts" });
    const add = (k, v) => facts.append(el("tr", {}, el("th", { text: k }), el("td", { text: v })));
    add("results", run.results);
    if (run.info) {
      if (run.info.command) add("command", run.info.command);
      if (run.info.version) add("trackline", run.info.version);
      for (const i of run.info.inputs) add("input", i[0] + (Number(i[1]) >= 0 ? " (" + Number(i[1]).toLocaleString("en") + " bytes)" : ""));
      for (const m of run.info.models) add("model", m[0] + " (sha256 " + m[1].slice(0, 12) + "...)");
    }
    s.append(facts);
    if (run.info) {
      for (const t of run.info.sequences) {
        const parts = [["decode", t.decode, "#8c8c8c"], ["detect", t.detect, "#1f77b4"], ["track", t.track, "#2ca02c"], ["render", t.render, "#ff7f0e"]];
        const wall = Math.max(1e-9, t.seconds);
        const bar = el("div", { cls: "split" });
        for (const p of parts) if (p[1]) bar.append(el("span", { style: "width:" + Math.min(100, 100 * p[1] / wall).toFixed(2) + "%;background:" + p[2], title: p[0] + " " + secs(p[1]) }));
        s.append(el("h3", { text: t.name }),
          el("p", { text: t.frames + " frames in " + secs(t.seconds) + " (" + fmt(t.framesPerSecond, 1) + " frames/s). Share of wall time (decoding runs on its own thread, so shares overlap):" }),
          bar,
          el("div", { cls: "legend" }, ...parts.filter(p => p[1] !== null && p[1] !== undefined).map(p => el("span", {}, el("i", { style: "background:" + p[2] }), p[0] + " " + secs(p[1]) + " (" + fmt(100 * p[1] / wall, 0) + "%)"))));
      }
      const settings = el("table", { cls: "facts settings" });
      for (const kv of run.info.settings) settings.append(el("tr", {}, el("th", { text: kv[0] }), el("td", { text: kv[1] })));
      s.append(el("details", {}, el("summary", { text: "Configuration (" + run.info.settings.length + " settings in effect)" }), settings));
    }
    return s;
  }

  function metricValue(name, v) { return COUNTS.has(name) ? String(Math.round(v)) : fmt(v, 2); }

  function metricsTable(m, label) {
    const idx = new Map(m.names.map((n, i) => [n, i]));
    const head = el("tr", {}, ...MAIN.filter(n => idx.has(n)).map(n => el("th", { text: SHOWN[n] || n })));
    const row = el("tr", {}, ...MAIN.filter(n => idx.has(n)).map(n => {
      const v = m.values[idx.get(n)];
      return el("td", { "data-metric": n, "data-value": String(v), text: metricValue(n, v) });
    }));
    const all = el("table", { cls: "facts all-metrics" });
    m.names.forEach((n, i) => all.append(el("tr", {}, el("th", { text: n }), el("td", { "data-metric": n, "data-value": String(m.values[i]), text: metricValue(n, m.values[i]) }))));
    return el("div", { cls: "metrics", "data-label": label || "" }, el("table", { cls: "main-metrics" }, el("thead", {}, head), el("tbody", {}, row)),
      el("details", {}, el("summary", { text: "Every field (" + m.names.length + "), as trackline eval --format json" }), all));
  }

  function hotaCurve(curves, names, colours) {
    return lineChart(names.map((n, i) => ({ name: n, values: curves[i], colour: colours[i] })), 0,
      { xs: D.alphas, ymax: 100, height: 240, xlabels: x => x.toFixed(2), ylabels: y => fmt(y, 0) });
  }

  // Timeline: one row per track, sortable by any column.
  function timeline(seq, id) {
    const N = Math.max(1, seq.lastFrame - seq.firstFrame + 1);
    const pos = f => (100 * (f - seq.firstFrame) / N).toFixed(3) + "%";
    const width = (a, b) => (100 * (b - a + 1) / N).toFixed(3) + "%";
    const cols = [["track", t => t.id], ["class", t => t.label], ["first", t => t.first], ["last", t => t.last],
      ["length", t => t.boxes], ["gaps", t => t.segments.length - 1], ["switches", t => t.switches.length], ["frag.", t => t.fragmentations.length]];
    const table = el("table", { cls: "timeline", id: id });
    const body = el("tbody");
    const rows = seq.tracks.map(t => {
      const bar = el("div", { cls: "bar" });
      bar.append(el("span", { cls: "span", style: "left:" + pos(t.first) + ";width:" + width(t.first, t.last) }));
      for (const s of t.segments) bar.append(el("span", { cls: "seg", style: "left:" + pos(s[0]) + ";width:" + width(s[0], s[1]) + ";background:" + colour(t.id), title: "frames " + s[0] + "-" + s[1] }));
      for (const f of t.switches) bar.append(el("span", { cls: "mark sw", style: "left:" + pos(f), title: "ID switch at frame " + f }));
      for (const f of t.fragmentations) bar.append(el("span", { cls: "mark fr", style: "left:" + pos(f), title: "fragmentation at frame " + f }));
      const tr = el("tr", { "data-track": String(t.id) },
        el("td", {}, el("i", { cls: "swatch", style: "background:" + colour(t.id) }), String(t.id)),
        ...cols.slice(1).map(c => el("td", { text: String(c[1](t)) })), el("td", { cls: "barcell" }, bar));
      tr._track = t;
      return tr;
    });
    let sortKey = 0, ascending = true;
    function sort(k) {
      ascending = k === sortKey ? !ascending : true; sortKey = k;
      const key = cols[k][1];
      rows.sort((a, b) => { const x = key(a._track), y = key(b._track); return (x < y ? -1 : x > y ? 1 : a._track.id - b._track.id) * (ascending ? 1 : -1); });
      for (const r of rows) body.append(r);
      head.querySelectorAll("th").forEach((th, i) => th.className = i === k ? (ascending ? "sorted up" : "sorted down") : "");
    }
    const head = el("tr", {}, ...cols.map((c, k) => el("th", { text: c[0], title: "sort", onclick: () => sort(k) })),
      el("th", { cls: "barcell", text: "frames " + seq.firstFrame + "-" + seq.lastFrame }));
    table.append(el("thead", {}, head), body);
    for (const r of rows) body.append(r);
    head.firstChild.className = "sorted up";
    return table;
  }

  function coverage(seq, id) {
    const N = Math.max(1, seq.lastFrame - seq.firstFrame + 1);
    const table = el("table", { cls: "timeline coverage", id: id });
    table.append(el("thead", {}, el("tr", {}, el("th", { text: "object" }), el("th", { text: "frames" }), el("th", { text: "covered" }),
      el("th", { text: "tracks" }), el("th", { cls: "barcell", text: "by track (grey: missed)" }))));
    const body = el("tbody");
    for (const p of seq.truth.people) {
      const bar = el("div", { cls: "bar" });
      for (const s of p.segments) bar.append(el("span", { cls: "seg" + (s[2] < 0 ? " missed" : ""),
        style: "left:" + (100 * (s[0] - seq.firstFrame) / N).toFixed(3) + "%;width:" + (100 * (s[1] - s[0] + 1) / N).toFixed(3) + "%" + (s[2] < 0 ? "" : ";background:" + colour(s[2])),
        title: "frames " + s[0] + "-" + s[1] + (s[2] < 0 ? ": missed" : ": track " + s[2]) }));
      body.append(el("tr", { "data-object": String(p.id) }, el("td", { text: String(p.id) }), el("td", { text: String(p.frames) }),
        el("td", { text: fmt(100 * p.matched / Math.max(1, p.frames), 0) + "%" }), el("td", { text: p.tracks.join(", ") || "-" }), el("td", { cls: "barcell" }, bar)));
    }
    table.append(body);
    return table;
  }

  // A canvas with the sequence's picture (or a dark ground) under `draw`.
  function pictureCanvas(seq, picture, draw, dim) {
    const w = picture ? picture.width : Math.min(640, seq.width), h = picture ? picture.height : Math.round(w * seq.height / seq.width);
    const c = el("canvas", { width: w, height: h, cls: "picture" });
    const ctx = c.getContext("2d");
    const scale = w / seq.width;
    const finish = () => { if (dim) { ctx.fillStyle = "rgba(0,0,0," + dim + ")"; ctx.fillRect(0, 0, w, h); } draw(ctx, scale, w, h); };
    ctx.fillStyle = "#333"; ctx.fillRect(0, 0, w, h);
    if (picture) {
      const img = new Image();
      img.onload = () => { ctx.drawImage(img, 0, 0, w, h); finish(); };
      img.onerror = () => finish();
      img.src = "data:image/jpeg;base64," + picture.jpeg;
    } else finish();
    return c;
  }

  function trajectories(seq) {
    return pictureCanvas(seq, seq.background, (ctx, k) => {
      ctx.lineWidth = 2; ctx.lineJoin = "round";
      for (const t of seq.tracks) {
        ctx.strokeStyle = colour(t.id); ctx.beginPath();
        let prev = -10;
        for (let i = 0; i < t.path.length; i += 3) {
          const f = t.path[i], x = t.path[i + 1] * k, y = t.path[i + 2] * k;
          if (f - prev > 1) ctx.moveTo(x, y); else ctx.lineTo(x, y);
          prev = f;
        }
        ctx.stroke();
      }
    }, 0.25);
  }

  function density(seq) {
    const d = seq.density;
    const max = Math.max(1, maxOf(d.cells));
    return pictureCanvas(seq, seq.background, (ctx, k, w, h) => {
      const cw = w / d.columns, ch = h / d.rows;
      for (let r = 0; r < d.rows; r++) for (let c = 0; c < d.columns; c++) {
        const v = d.cells[r * d.columns + c];
        if (!v) continue;
        const a = Math.sqrt(v / max);
        ctx.fillStyle = "hsla(" + Math.round(60 - 60 * a) + ",100%,50%," + (0.25 + 0.6 * a).toFixed(2) + ")";
        ctx.fillRect(c * cw, r * ch, Math.ceil(cw), Math.ceil(ch));
      }
    }, 0.5);
  }

  const KIND = [["matched", "#2ca02c"], ["missed", "#ff3030"], ["false", "#ffb000"], ["switched", "#ff00ff"]];
  function moment(seq, m, anchor) {
    const c = pictureCanvas(seq, m.picture, (ctx, k) => {
      ctx.lineWidth = 2; ctx.font = "12px sans-serif";
      for (const b of m.boxes) {
        const kind = KIND[b[0]];
        ctx.strokeStyle = kind[1];
        ctx.setLineDash(b[0] === 1 ? [5, 3] : []);
        ctx.strokeRect(b[2] * k, b[3] * k, b[4] * k, b[5] * k);
        ctx.fillStyle = kind[1];
        ctx.fillText((b[0] === 1 ? "gt " : "") + b[1], b[2] * k + 2, b[3] * k - 3);
      }
    }, 0);
    const what = [m.misses + " missed", m.falseBoxes + " false", m.switches + " switch" + (m.switches === 1 ? "" : "es")].join(", ");
    const caption = el("figcaption", {}, el("b", { text: "frame " + m.frame }), " at " + fmt(m.time, 2) + " s: " + what + " ");
    if (seq.watch) caption.append(el("a", { href: encodeURI(seq.watch) + "#t=" + fmt(m.time, 2), text: "watch" }));
    return el("figure", { cls: "moment", id: anchor }, c, caption);
  }

  function sequenceSections(run, seq, ri, si) {
    const key = ri + "-" + si;
    const out = [];
    const many = run.sequences.length > 1;
    if (many) out.push(el("h2", { cls: "seqname", text: "Sequence " + seq.name }));
    const c = seq.counts;
    const series = [{ name: "boxes", values: c.boxes, colour: "#1f77b4" }, { name: "tracks", values: c.tracks, colour: "#2ca02c" }];
    if (c.truth) series.push({ name: "ground truth", values: c.truth, colour: "#555" }, { name: "missed", values: c.misses, colour: "#ff3030" },
      { name: "false boxes", values: c.falseBoxes, colour: "#ffb000" }, { name: "ID switches", values: c.switches, colour: "#ff00ff" });
    if (seq.truth) {
      const s = section("Scores" + (many ? ": " + seq.name : ""), "scores-" + key, "Against the ground truth, exactly as trackline eval computes them (percentages as TrackEval prints them).");
      s.append(metricsTable(seq.truth.metrics, seq.name));
      const cv = seq.truth.metrics.curves;
      s.append(el("h3", { text: "HOTA by localisation threshold alpha" }), hotaCurve(["HOTA", "DetA", "AssA", "LocA"].map(n => cv[n]), ["HOTA", "DetA", "AssA", "LocA"], ["#111", "#1f77b4", "#2ca02c", "#999"]));
      out.push(s);
    }
    const counts = section("Counts per frame", "counts-" + key, c.truth ? "Missed: objects no track box matched (IoU 0.5); false: track boxes matched to no object." : null);
    counts.append(lineChart(series, seq.firstFrame));
    out.push(counts);
    const tl = section("Tracks (" + seq.tracks.length + ")", "tracks-" + key, "A bar from each track's first to last frame; gaps are frames without a box" + (seq.truth ? "; marks: ID switches (magenta: the track took an object over from another track) and fragmentations (orange: the track took an object up again after it was lost)." : ". Click a column to sort."));
    tl.append(timeline(seq, "timeline-" + key));
    out.push(tl);
    if (seq.truth) {
      const cov = section("Ground-truth objects (" + seq.truth.people.length + ")", "coverage-" + key, "Each object's frames, coloured by the track that covered them.");
      cov.append(coverage(seq, "coverage-table-" + key));
      out.push(cov);
    }
    const where = section("Where tracks go", "where-" + key, seq.background ? "Over frame " + seq.background.frame + " of the video." : "No video given: drawn on a blank frame " + seq.width + "x" + seq.height + ".");
    where.append(el("div", { cls: "pair" }, el("figure", {}, trajectories(seq), el("figcaption", { text: "Trajectories (box bottom centres, track colours as in the overlay video)" })),
      el("figure", {}, density(seq), el("figcaption", { text: "Density of box bottoms (yellow: few, red: many)" }))));
    out.push(where);
    if (seq.moments.length) {
      const mm = section("Worst moments", "moments-" + key, "The frames with the most errors (missed + false + switches), at least a second apart. Boxes: green matched, red dashed missed object, amber false box, magenta the track that switched identity.");
      const grid = el("div", { cls: "moments" });
      seq.moments.forEach((m, i) => grid.append(moment(seq, m, "moment-" + key + "-" + i)));
      mm.append(grid);
      out.push(mm);
    }
    return out;
  }

  function comparison() {
    const out = [];
    const s = section("Comparison", "comparison", "Every run scored against the same ground truth (COMBINED over sequences).");
    const table = el("table", { cls: "compare" });
    table.append(el("thead", {}, el("tr", {}, el("th", { text: "metric" }), ...D.runs.map((r, i) => el("th", {}, el("i", { cls: "swatch", style: "background:" + RUN_COLOURS[i % RUN_COLOURS.length] }), r.label)))));
    const body = el("tbody");
    for (const n of MAIN) {
      const vals = D.runs.map(r => { const m = r.combined; const i = m ? m.names.indexOf(n) : -1; return i >= 0 ? m.values[i] : null; });
      const present = vals.filter(v => v !== null);
      if (!present.length) continue;
      const best = LOWER_IS_BETTER.has(n) ? Math.min(...present) : Math.max(...present);
      body.append(el("tr", {}, el("th", { text: SHOWN[n] || n }), ...vals.map((v, i) => el("td", { cls: v === best && present.length > 1 ? "best" : "", "data-metric": n, "data-run": String(i), "data-value": String(v), text: v === null ? "-" : metricValue(n, v) }))));
    }
    table.append(body);
    s.append(table);
    const curves = D.runs.map(r => r.combined ? r.combined.curves.HOTA : []);
    s.append(el("h3", { text: "HOTA by alpha" }), hotaCurve(curves, D.runs.map(r => r.label), D.runs.map((r, i) => RUN_COLOURS[i % RUN_COLOURS.length])));
    out.push(s);
    const seqs = D.runs[0].sequences;
    seqs.forEach((seq0, si) => {
      const e = section("Errors per frame: " + seq0.name, "compare-errors-" + si, "Missed + false boxes + ID switches in each frame, per run.");
      e.append(lineChart(D.runs.map((r, i) => {
        const c = r.sequences[si].counts;
        return { name: r.label, colour: RUN_COLOURS[i % RUN_COLOURS.length], values: c.misses ? c.misses.map((m, k) => m + c.falseBoxes[k] + c.switches[k]) : [] };
      }), seq0.firstFrame));
      const grid = el("table", { cls: "compare coverage-grid" });
      grid.append(el("thead", {}, el("tr", {}, el("th", { text: "object" }), ...D.runs.map(r => el("th", { text: r.label })))));
      const gb = el("tbody");
      const people = seq0.truth ? seq0.truth.people : [];
      people.forEach((p, pi) => {
        gb.append(el("tr", {}, el("th", { text: String(p.id) }), ...D.runs.map(r => {
          const q = r.sequences[si].truth.people[pi];
          const share = q ? q.matched / Math.max(1, q.frames) : 0;
          return el("td", { style: "background:hsl(" + Math.round(120 * share) + ",70%,85%)", text: fmt(100 * share, 0) + "% by " + (q && q.tracks.length ? q.tracks.length + " track" + (q.tracks.length > 1 ? "s" : "") : "none") });
        })));
      });
      grid.append(gb);
      e.append(el("h3", { text: "Ground-truth objects: share of frames covered, and by how many tracks" }), grid);
      out.push(e);
    });
    return out;
  }

  function render() {
    const main = document.getElementById("report");
    main.append(el("h1", { text: D.title }));
    main.append(el("p", { cls: "note", text: "Trackline " + D.version + ". Frames are 1-based; times in seconds; boxes in pixels of the original frame." }));
    D.runs.forEach((r, i) => { r.index = i; });
    if (D.runs.length > 1) for (const s of comparison()) main.append(s);
    D.runs.forEach((run, ri) => {
      const parts = [runInfo(run)];
      if (run.combined && run.sequences.length > 1) {
        const s = section("Scores: combined", "combined-" + ri);
        s.append(metricsTable(run.combined, "COMBINED"));
        parts.push(s);
      }
      run.sequences.forEach((seq, si) => parts.push(...sequenceSections(run, seq, ri, si)));
      if (D.runs.length > 1) {
        main.append(el("details", { cls: "run" }, el("summary", {}, el("i", { cls: "swatch", style: "background:" + RUN_COLOURS[ri % RUN_COLOURS.length] }), "Run " + run.label), ...parts));
      } else for (const p of parts) main.append(p);
    });
    const ms = performance.now();
    document.body.setAttribute("data-render-ms", ms.toFixed(1));
    document.body.setAttribute("data-rendered", "true");
    console.log("trackline report rendered in " + ms.toFixed(1) + " ms");
  }
  render();
})();
"""##
}
