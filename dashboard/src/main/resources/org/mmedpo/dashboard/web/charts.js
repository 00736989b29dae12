'use strict';

/*
 * Small SVG charts for the dashboard: line charts, grouped or horizontal bars, stacked histograms,
 * sparklines and a version timeline. Each draws into a container element, replacing what was
 * there, and records how many data points it drew in the container's data-points attribute (the
 * browser test reads it). No library: a few functions and an SVG element per chart.
 */
const Charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const HEIGHT = 220;

  /** Draw in CSS pixels of the container, so 11px text stays 11px whatever the card's width. */
  function widthOf(container) {
    return Math.max(260, Math.round(container.clientWidth || 480));
  }
  const MARGIN = { left: 54, right: 14, top: 12, bottom: 40 };

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attrs || {})) {
      node.setAttribute(key, value);
    }
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, content, attrs) {
    const node = el('text', Object.assign({ x, y }, attrs || {}), parent);
    node.textContent = content;
    return node;
  }

  /** A compact label for a number: 12.3k, 0.512, 1.2e-5. */
  function fmt(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return '–';
    const a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
    if (a >= 1e4) return (v / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k';
    if (a >= 100 || Number.isInteger(v)) return String(Math.round(v));
    if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
    if (a === 0) return '0';
    if (a >= 0.001) return v.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
    return v.toExponential(1);
  }

  /** Round tick positions covering [lo, hi], about `count` of them. */
  function niceTicks(lo, hi, count) {
    if (!(hi > lo)) {
      const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    const raw = (hi - lo) / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * power).find(s => s >= raw) || 10 * power;
    const start = Math.floor(lo / step + 1e-9) * step;
    const end = Math.ceil(hi / step - 1e-9) * step;
    const ticks = [];
    for (let t = start; t <= end + step * 1e-6; t += step) {
      ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return { lo: start, hi: end, ticks };
  }

  function empty(container, message) {
    container.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = message;
    container.appendChild(p);
    container.dataset.points = '0';
    container.dataset.empty = 'true';
  }

  function frame(container, height) {
    const width = widthOf(container);
    container.innerHTML = '';
    container.dataset.empty = 'false';
    const h = height || HEIGHT;
    const svg = el('svg', { viewBox: `0 0 ${width} ${h}`, role: 'img' }, container);
    const plot = {
      x: MARGIN.left, y: MARGIN.top,
      w: width - MARGIN.left - MARGIN.right, h: h - MARGIN.top - MARGIN.bottom,
    };
    return { svg, plot, height: h };
  }

  function axisLabels(svg, plot, height, xLabel, yLabel) {
    if (xLabel) {
      text(svg, plot.x + plot.w / 2, height - 6, xLabel, { 'text-anchor': 'middle', class: 'axis-label' });
    }
    if (yLabel) {
      text(svg, 12, plot.y + plot.h / 2, yLabel, {
        'text-anchor': 'middle', class: 'axis-label',
        transform: `rotate(-90 12 ${plot.y + plot.h / 2})`,
      });
    }
  }

  function yAxis(svg, plot, scale, ticks) {
    for (const t of ticks) {
      const y = scale(t);
      el('line', { x1: plot.x, x2: plot.x + plot.w, y1: y, y2: y, class: 'grid-line' }, svg);
      text(svg, plot.x - 6, y + 4, fmt(t), { 'text-anchor': 'end' });
    }
    el('line', { x1: plot.x, x2: plot.x, y1: plot.y, y2: plot.y + plot.h, class: 'axis-line' }, svg);
    el('line', { x1: plot.x, x2: plot.x + plot.w, y1: plot.y + plot.h, y2: plot.y + plot.h, class: 'axis-line' }, svg);
  }

  /**
   * Lines over a numeric x axis. series: [{name, color, points: [{x, y}]}]; a null y breaks the
   * line. Options: xLabel, yLabel, yMin, yMax (fixed bounds), xFormat, emptyText.
   */
  function line(container, opts) {
    const series = (opts.series || []).filter(s => s.points.some(p => p.y !== null && p.y !== undefined));
    const total = series.reduce((n, s) => n + s.points.filter(p => p.y !== null && p.y !== undefined).length, 0);
    if (total === 0) {
      empty(container, opts.emptyText || 'no data yet');
      return;
    }
    const { svg, plot, height } = frame(container, opts.height);
    let xs = [];
    let ys = [];
    for (const s of series) {
      for (const p of s.points) {
        if (p.y === null || p.y === undefined) continue;
        xs.push(p.x);
        ys.push(p.y);
      }
    }
    let xLo = Math.min(...xs);
    let xHi = Math.max(...xs);
    if (xHi === xLo) { xLo -= 1; xHi += 1; }
    let yLo = opts.yMin !== undefined ? Math.min(opts.yMin, Math.min(...ys)) : Math.min(...ys);
    let yHi = opts.yMax !== undefined ? Math.max(opts.yMax, Math.max(...ys)) : Math.max(...ys);
    const yt = niceTicks(yLo, yHi, 4);
    const xt = niceTicks(xLo, xHi, 5);
    const sx = v => plot.x + (v - xt.lo) / (xt.hi - xt.lo) * plot.w;
    const sy = v => plot.y + plot.h - (v - yt.lo) / (yt.hi - yt.lo) * plot.h;
    yAxis(svg, plot, sy, yt.ticks);
    for (const t of xt.ticks) {
      text(svg, sx(t), plot.y + plot.h + 15, opts.xFormat ? opts.xFormat(t) : fmt(t), { 'text-anchor': 'middle' });
    }
    for (const s of series) {
      let d = '';
      let pen = false;
      for (const p of s.points) {
        if (p.y === null || p.y === undefined) { pen = false; continue; }
        d += (pen ? 'L' : 'M') + sx(p.x).toFixed(1) + ' ' + sy(p.y).toFixed(1) + ' ';
        pen = true;
      }
      el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 1.6, 'stroke-linejoin': 'round', 'data-series': s.name }, svg);
      const last = [...s.points].reverse().find(p => p.y !== null && p.y !== undefined);
      if (last) {
        const dot = el('circle', { cx: sx(last.x), cy: sy(last.y), r: 3, fill: s.color }, svg);
        el('title', {}, dot).textContent = `${s.name}: ${fmt(last.y)} at ${fmt(last.x)}`;
      }
    }
    axisLabels(svg, plot, height, opts.xLabel, opts.yLabel);
    container.dataset.points = String(total);
  }

  /**
   * Vertical grouped bars. categories: names on the x axis; series: [{name, color, values}], one
   * value per category. Options: xLabel, yLabel, emptyText.
   */
  function bars(container, opts) {
    const cats = opts.categories || [];
    const series = opts.series || [];
    const total = series.reduce((n, s) => n + s.values.reduce((a, v) => a + (v || 0), 0), 0);
    if (cats.length === 0 || total === 0) {
      empty(container, opts.emptyText || 'no data yet');
      return;
    }
    const { svg, plot, height } = frame(container, opts.height);
    const max = Math.max(...series.flatMap(s => s.values.map(v => v || 0)));
    const yt = niceTicks(0, max, 4);
    const sy = v => plot.y + plot.h - (v - yt.lo) / (yt.hi - yt.lo) * plot.h;
    yAxis(svg, plot, sy, yt.ticks);
    const band = plot.w / cats.length;
    const inner = band * 0.72;
    const barW = inner / series.length;
    cats.forEach((cat, i) => {
      const x0 = plot.x + i * band + (band - inner) / 2;
      series.forEach((s, j) => {
        const v = s.values[i] || 0;
        const y = sy(v);
        const rect = el('rect', { x: x0 + j * barW, y, width: Math.max(1, barW - 2), height: plot.y + plot.h - y, fill: s.color }, svg);
        el('title', {}, rect).textContent = `${s.name}, ${cat}: ${v}`;
        if (v > 0) text(svg, x0 + j * barW + barW / 2 - 1, y - 3, fmt(v), { 'text-anchor': 'middle' });
      });
      text(svg, plot.x + i * band + band / 2, plot.y + plot.h + 15, cat, { 'text-anchor': 'middle' });
    });
    axisLabels(svg, plot, height, opts.xLabel, opts.yLabel);
    container.dataset.points = String(total);
  }

  /**
   * Horizontal bars with long labels (dead-letter reasons). items: [{name, count}], largest first.
   */
  function hbars(container, opts) {
    const items = (opts.items || []).slice(0, opts.limit || 10);
    if (items.length === 0) {
      empty(container, opts.emptyText || 'no data yet');
      return;
    }
    const rowH = 22;
    const h = MARGIN.top + items.length * rowH + 34;
    const width = widthOf(container);
    container.innerHTML = '';
    container.dataset.empty = 'false';
    const svg = el('svg', { viewBox: `0 0 ${width} ${h}`, role: 'img' }, container);
    const labelW = Math.min(240, Math.round(width * 0.45));
    const maxChars = Math.floor((labelW - 10) / 6.2);
    const plot = { x: labelW, y: MARGIN.top, w: width - labelW - 40, h: items.length * rowH };
    const max = Math.max(...items.map(i => i.count));
    const xt = niceTicks(0, max, 4);
    const sx = v => plot.x + v / xt.hi * plot.w;
    for (const t of xt.ticks) {
      el('line', { x1: sx(t), x2: sx(t), y1: plot.y, y2: plot.y + plot.h, class: 'grid-line' }, svg);
      text(svg, sx(t), plot.y + plot.h + 14, fmt(t), { 'text-anchor': 'middle' });
    }
    items.forEach((item, i) => {
      const y = plot.y + i * rowH;
      const label = item.name.length > maxChars ? item.name.slice(0, maxChars - 1) + '…' : item.name;
      const t = text(svg, plot.x - 6, y + rowH / 2 + 4, label, { 'text-anchor': 'end' });
      el('title', {}, t).textContent = item.name;
      const rect = el('rect', { x: plot.x, y: y + 4, width: Math.max(1, sx(item.count) - plot.x), height: rowH - 8, fill: opts.color || '#c0392b', rx: 2 }, svg);
      el('title', {}, rect).textContent = `${item.name}: ${item.count}`;
      text(svg, sx(item.count) + 4, y + rowH / 2 + 4, fmt(item.count));
    });
    if (opts.xLabel) {
      text(svg, plot.x + plot.w / 2, h - 4, opts.xLabel, { 'text-anchor': 'middle', class: 'axis-label' });
    }
    container.dataset.points = String(items.length);
  }

  /**
   * A histogram from the server's bins, stacked by series. histogram: {n, lo, hi, series, bins:
   * [{lo, hi, counts}]}. Options: colors (series name to colour), xLabel, yLabel, markers ([{x,
   * label}] drawn as dashed lines), emptyText.
   */
  function histogram(container, opts) {
    const hist = opts.histogram;
    if (!hist || !hist.n) {
      empty(container, opts.emptyText || 'no data yet');
      return;
    }
    const { svg, plot, height } = frame(container, opts.height);
    const totals = hist.bins.map(b => Object.values(b.counts).reduce((a, c) => a + c, 0));
    const yt = niceTicks(0, Math.max(...totals), 4);
    const sy = v => plot.y + plot.h - (v - yt.lo) / (yt.hi - yt.lo) * plot.h;
    const sx = v => plot.x + (v - hist.lo) / (hist.hi - hist.lo) * plot.w;
    yAxis(svg, plot, sy, yt.ticks);
    hist.bins.forEach((bin) => {
      let base = 0;
      for (const name of hist.series) {
        const c = bin.counts[name] || 0;
        if (c === 0) continue;
        const y0 = sy(base);
        const y1 = sy(base + c);
        const rect = el('rect', {
          x: sx(bin.lo) + 0.5, y: y1, width: Math.max(1, sx(bin.hi) - sx(bin.lo) - 1), height: y0 - y1,
          fill: (opts.colors && opts.colors[name]) || '#2563eb',
        }, svg);
        el('title', {}, rect).textContent = `${name}: ${c} in [${fmt(bin.lo)}, ${fmt(bin.hi)})`;
        base += c;
      }
    });
    const xt = niceTicks(hist.lo, hist.hi, 5);
    for (const t of xt.ticks) {
      if (t < hist.lo - 1e-9 || t > hist.hi + 1e-9) continue;
      text(svg, sx(t), plot.y + plot.h + 15, fmt(t), { 'text-anchor': 'middle' });
    }
    for (const m of opts.markers || []) {
      if (m.x < hist.lo || m.x > hist.hi) continue;
      el('line', { x1: sx(m.x), x2: sx(m.x), y1: plot.y, y2: plot.y + plot.h, stroke: '#475467', 'stroke-dasharray': '3 3' }, svg);
      text(svg, sx(m.x) + 3, plot.y + 10, m.label);
    }
    axisLabels(svg, plot, height, opts.xLabel, opts.yLabel);
    container.dataset.points = String(hist.n);
  }

  /** A small line of recent values, no axes. */
  function sparkline(values, opts) {
    const w = (opts && opts.width) || 160;
    const h = (opts && opts.height) || 28;
    const svg = el('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, class: 'spark' });
    if (!values.length) return svg;
    const max = Math.max(1e-9, ...values);
    const step = values.length > 1 ? w / (values.length - 1) : 0;
    let d = '';
    values.forEach((v, i) => {
      d += (i ? 'L' : 'M') + (i * step).toFixed(1) + ' ' + (h - 2 - v / max * (h - 4)).toFixed(1) + ' ';
    });
    el('path', { d, fill: 'none', stroke: (opts && opts.color) || '#2563eb', 'stroke-width': 1.4 }, svg);
    return svg;
  }

  function clock(ms, span) {
    const d = new Date(ms);
    if (span > 2 * 86400000) return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
    return d.toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit', second: span < 600000 ? '2-digit' : undefined });
  }

  /**
   * Model versions on a time axis: a dot per version (colour by kind), an arc from each parent
   * that is itself listed, labels alternating above and below.
   */
  function timeline(container, versions, opts) {
    if (!versions.length) {
      empty(container, (opts && opts.emptyText) || 'no model versions yet');
      return;
    }
    const h = 150;
    const width = widthOf(container);
    container.innerHTML = '';
    container.dataset.empty = 'false';
    const svg = el('svg', { viewBox: `0 0 ${width} ${h}`, role: 'img' }, container);
    const left = 40;
    const right = width - 40;
    const axisY = 84;
    const times = versions.map(v => v.createdAt);
    let lo = Math.min(...times);
    let hi = Math.max(...times);
    if (hi === lo) { lo -= 30000; hi += 30000; }
    const sx = t => left + (t - lo) / (hi - lo) * (right - left);
    el('line', { x1: left, x2: right, y1: axisY, y2: axisY, class: 'axis-line' }, svg);
    for (let i = 0; i <= 4; i++) {
      const t = lo + (hi - lo) * i / 4;
      el('line', { x1: sx(t), x2: sx(t), y1: axisY - 3, y2: axisY + 3, class: 'axis-line' }, svg);
      text(svg, sx(t), h - 22, clock(t, hi - lo), { 'text-anchor': 'middle' });
    }
    text(svg, (left + right) / 2, h - 6, 'published at (local time)', { 'text-anchor': 'middle', class: 'axis-label' });
    const at = new Map(versions.map(v => [v.version, sx(v.createdAt)]));
    for (const v of versions) {
      if (!v.parent || !at.has(v.parent)) continue;
      const x0 = at.get(v.parent);
      const x1 = at.get(v.version);
      const lift = Math.min(40, 10 + Math.abs(x1 - x0) / 4);
      el('path', { d: `M${x0} ${axisY} Q${(x0 + x1) / 2} ${axisY - lift} ${x1} ${axisY}`, fill: 'none', stroke: '#98a2b3', 'stroke-width': 1.2 }, svg);
    }
    const labelEvery = Math.max(1, Math.ceil(versions.length / 12));
    versions.forEach((v, i) => {
      const x = at.get(v.version);
      const dot = el('circle', { cx: x, cy: axisY, r: 5, fill: v.kind === 'BASE' ? '#6b7280' : '#15803d', stroke: '#fff', 'stroke-width': 1.5 }, svg);
      el('title', {}, dot).textContent = `${v.version} (${v.kind}), parent ${v.parent || '—'}, ${v.steps} steps, ${v.samplesSeen} samples`;
      if (i % labelEvery === 0 || i === versions.length - 1) {
        const above = (i / labelEvery) % 2 === 0;
        text(svg, x, above ? axisY - 46 : axisY + 20, v.version, { 'text-anchor': 'middle' });
      }
    });
    container.dataset.points = String(versions.length);
  }

  return { line, bars, hbars, histogram, sparkline, timeline, fmt };
})();
