'use strict';

/*
 * The dashboard page: listens to /api/events (server-sent events, one JSON snapshot per change)
 * and redraws every panel in place; the sample browser fetches one sample's details on demand.
 */
(() => {
  const KIND_COLORS = { TEXT_HALLUCINATION: '#2563eb', LESION_NEGLECT: '#d97706', UNKNOWN: '#6b7280' };
  const KIND_NAMES = { TEXT_HALLUCINATION: 'text hallucination', LESION_NEGLECT: 'lesion neglect (image)', UNKNOWN: 'unknown' };
  const RUN_COLORS = ['#2563eb', '#d97706', '#15803d', '#9333ea', '#db2777', '#0891b2', '#65a30d', '#dc2626'];
  const EVAL_COLORS = ['#2563eb', '#15803d', '#d97706', '#9333ea', '#db2777', '#0891b2', '#dc2626', '#65a30d'];
  const fmt = Charts.fmt;
  const $ = (id) => document.getElementById(id);

  // The browser test checks that this stays the same while charts change (no reload).
  window.__mmedpo = { pageId: Math.random().toString(36).slice(2), snapshots: 0 };

  let last = null;
  let selectedId = null;
  let shownId = null;
  let filter = 'ALL';

  function number(v) {
    return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US');
  }

  function time(ms) {
    return ms ? new Date(ms).toLocaleTimeString([], { hour12: false }) : '–';
  }

  function dateTime(ms) {
    return new Date(ms).toLocaleString([], { hour12: false, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function node(tag, className, content) {
    const n = document.createElement(tag);
    if (className) n.className = className;
    if (content !== undefined && content !== null) n.textContent = content;
    return n;
  }

  function kindBadge(kind) {
    return node('span', 'badge badge-' + kind, kind === 'LESION_NEGLECT' ? 'image' : kind === 'TEXT_HALLUCINATION' ? 'text' : kind.toLowerCase());
  }

  // ---------------------------------------------------------------- connection

  function connect() {
    const source = new EventSource('/api/events');
    source.onopen = () => setConnection('live', 'pill-live');
    source.onerror = () => setConnection('reconnecting…', 'pill-wait');
    source.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse(event.data);
      window.__mmedpo.snapshots++;
      last = snapshot;
      render(snapshot);
    });
  }

  function setConnection(label, cls) {
    const pill = $('connection');
    pill.textContent = label;
    pill.className = 'pill ' + cls;
  }

  // ---------------------------------------------------------------- render

  function render(s) {
    const c = s.cluster;
    const p = s.pipeline;
    $('updated').textContent = 'updated ' + time(s.generatedAt);
    const status = $('cluster-status');
    if (c.error) {
      status.textContent = 'cluster unreachable: ' + c.error;
      status.className = 'error';
    } else {
      status.textContent = 'cluster ' + s.about.bootstrapServers;
      status.className = 'muted';
    }
    if (!s.feedHealthy) setConnection('event feed stopped', 'pill-down');
    renderTiles(s);
    renderTopics(c);
    renderLag(c);
    renderDeadLetters(p);
    renderMix(p, s.about);
    renderTraining(p);
    renderVersions(p);
    renderSampleList(p);
  }

  function topicByName(c, suffix) {
    return c.topics.find(t => t.topic.endsWith(suffix)) || {};
  }

  function renderTiles(s) {
    const c = s.cluster;
    const p = s.pipeline;
    const pairs = topicByName(c, 'mmedpo.pairs.v1');
    $('tile-pairs').textContent = number(pairs.records);
    $('tile-pairs-rate').textContent = pairs.ratePerSecond === null || pairs.ratePerSecond === undefined
      ? 'rate: waiting for a second look' : fmt(pairs.ratePerSecond) + ' pairs/s now';
    const prefs = topicByName(c, 'mmedpo.preferences.v1');
    $('tile-samples').textContent = number(prefs.records);
    $('tile-samples-rate').textContent = prefs.ratePerSecond === null || prefs.ratePerSecond === undefined
      ? '\u00a0' : fmt(prefs.ratePerSecond) + ' samples/s now';
    const runs = p.training;
    if (runs.length) {
      const run = runs[runs.length - 1];
      const point = run.latest;
      $('tile-step').textContent = number(point.step);
      $('tile-step-sub').textContent = `run ${run.runId}, ${number(point.samplesSeen)} samples seen`;
    } else {
      $('tile-step').textContent = '–';
      $('tile-step-sub').textContent = 'no training metrics yet';
    }
    $('tile-versions').textContent = number(p.versions.length);
    const newest = p.versions[p.versions.length - 1];
    $('tile-versions-sub').textContent = newest ? 'latest ' + newest.version : 'no model versions yet';
    $('tile-dlq').textContent = number(p.deadLetters.total);
    const undecodable = Object.values(p.undecodable).reduce((a, b) => a + b, 0);
    $('tile-dlq-sub').textContent = undecodable ? `${number(undecodable)} undecodable records seen` : 'read by the dashboard';
  }

  function renderTopics(c) {
    const body = $('topics-table').querySelector('tbody');
    body.innerHTML = '';
    for (const t of c.topics) {
      const tr = document.createElement('tr');
      tr.appendChild(node('td', null, t.topic));
      tr.appendChild(node('td', 'num', number(t.records)));
      tr.appendChild(node('td', 'num', t.ratePerSecond === null || t.ratePerSecond === undefined ? '–' : fmt(t.ratePerSecond)));
      const spark = node('td');
      spark.appendChild(Charts.sparkline(t.rates.map(r => r.perSecond), { width: 160, height: 24 }));
      tr.appendChild(spark);
      tr.dataset.topic = t.topic;
      tr.dataset.records = t.records === null || t.records === undefined ? '' : String(t.records);
      body.appendChild(tr);
    }
  }

  function renderLag(c) {
    const box = $('lag');
    box.innerHTML = '';
    if (!c.groups.length) {
      box.appendChild(node('p', 'empty', 'no consumer groups with committed offsets yet'));
      return;
    }
    const max = Math.max(1, ...c.groups.map(g => g.lag));
    for (const g of c.groups) {
      const div = node('div', 'lag-group');
      div.dataset.group = g.group;
      div.dataset.lag = String(g.lag);
      const head = node('div', 'lag-head');
      const name = node('span', null, g.group);
      name.appendChild(node('span', 'state', g.state ? g.state.toLowerCase() : ''));
      head.appendChild(name);
      head.appendChild(node('b', null, number(g.lag)));
      div.appendChild(head);
      const bar = node('div', 'lag-bar');
      const fill = node('div');
      fill.style.width = (100 * g.lag / max).toFixed(1) + '%';
      bar.appendChild(fill);
      div.appendChild(bar);
      div.appendChild(node('div', 'lag-topics', g.topics.map(t => `${t.topic}: ${number(t.lag)}`).join(' · ')));
      box.appendChild(div);
    }
  }

  function renderDeadLetters(p) {
    const d = p.deadLetters;
    Charts.hbars($('dlq-chart'), {
      items: d.byReason, xLabel: 'dead letters read', color: '#c0392b',
      emptyText: 'no dead letters: nothing has been rejected',
    });
    const body = $('dlq-latest').querySelector('tbody');
    body.innerHTML = '';
    for (const l of d.latest) {
      const tr = document.createElement('tr');
      tr.appendChild(node('td', null, time(l.occurredAt)));
      tr.appendChild(node('td', null, l.stage));
      const reason = node('td', 'reason', l.reason);
      reason.title = l.reason + (l.detail ? ' — ' + l.detail : '');
      tr.appendChild(reason);
      tr.appendChild(node('td', 'reason', l.sourceFile || l.sourceTopic || ''));
      body.appendChild(tr);
    }
    $('dlq-latest').style.display = d.latest.length ? '' : 'none';
    const stages = d.byStage.map(s => `${s.name}: ${number(s.count)}`).join(' · ');
    const undecodable = Object.entries(p.undecodable).map(([t, n]) => `${t}: ${number(n)}`).join(' · ');
    $('dlq-note').textContent = `DeadLetter.reason of ${number(d.total)} dead letters read from the DLQ topic.`
      + (stages ? ' By stage: ' + stages + '.' : '')
      + (undecodable ? ' Records the dashboard could not decode: ' + undecodable + '.' : '');
  }

  function renderMix(p, about) {
    const kinds = ['TEXT_HALLUCINATION', 'LESION_NEGLECT'];
    if ((p.variantKinds.UNKNOWN || 0) + (p.sampleKinds.UNKNOWN || 0) > 0) kinds.push('UNKNOWN');
    Charts.bars($('kinds-chart'), {
      categories: kinds.map(k => KIND_NAMES[k]),
      series: [
        { name: 'variants', color: '#98a2b3', values: kinds.map(k => p.variantKinds[k] || 0) },
        { name: 'preference samples', color: '#2563eb', values: kinds.map(k => p.sampleKinds[k] || 0) },
      ],
      yLabel: 'events', emptyText: 'no variants or samples yet',
    });
    const v = Object.values(p.variantKinds).reduce((a, b) => a + b, 0);
    const s = Object.values(p.sampleKinds).reduce((a, b) => a + b, 0);
    $('kinds-note').textContent = `Grey: DispreferredVariant.kind (${number(v)} variants). Blue: PreferenceSample.kind (${number(s)} samples).`;

    Charts.histogram($('scores-chart'), {
      histogram: p.rawScores, colors: KIND_COLORS,
      xLabel: 'raw clinical score', yLabel: 'scores', emptyText: 'no clinical scores yet',
    });
    $('scores-note').textContent = noteFor(p.rawScores, 'scores', about)
      + ' Blue: judge consensus on text; amber: visual confidence on images.';
    Charts.histogram($('weights-chart'), {
      histogram: p.weights, colors: KIND_COLORS,
      xLabel: 'weight w (multiplies the pair’s loss)', yLabel: 'samples', emptyText: 'no preference samples yet',
      markers: [{ x: 1, label: 'w = 1' }],
    });
    $('weights-note').textContent = noteFor(p.weights, 'weights', about)
      + ' Paper scheme: mean 1, clipped to [0.75, 1.25].';
  }

  function noteFor(h, what, about) {
    if (!h.n) return '';
    const window = h.n < h.total ? ` (the latest ${number(h.n)} of ${number(h.total)})` : '';
    return `n = ${number(h.n)} ${what}${window}, mean ${fmt(h.mean)}, range ${fmt(h.min)}–${fmt(h.max)}.`;
  }

  function renderTraining(p) {
    const runs = p.training;
    const series = (field) => runs.map((run, i) => ({
      name: run.runId, color: RUN_COLORS[i % RUN_COLORS.length],
      points: run.curve.step.map((step, i) => ({ x: step, y: run.curve[field][i] })),
    }));
    const empty = 'no training metrics yet';
    Charts.line($('chart-loss'), { series: series('loss'), xLabel: 'training step', yLabel: 'loss', emptyText: empty });
    Charts.line($('chart-margin'), { series: series('rewardsMargins'), xLabel: 'training step', yLabel: 'reward margin', emptyText: empty });
    Charts.line($('chart-accuracy'), { series: series('rewardsAccuracies'), xLabel: 'training step', yLabel: 'reward accuracy', yMin: 0, yMax: 1, emptyText: empty });
    Charts.line($('chart-wmargin'), { series: series('weightedMargin'), xLabel: 'training step', yLabel: 'weighted margin', emptyText: empty });
    const latest = runs.length ? runs[runs.length - 1].latest : null;
    const set = (id, field) => { $(id).textContent = latest ? `latest ${fmt(latest[field])} at step ${number(latest.step)}` : ''; };
    set('note-loss', 'loss');
    set('note-margin', 'rewardsMargins');
    set('note-accuracy', 'rewardsAccuracies');
    set('note-wmargin', 'weightedMargin');
    const legend = $('runs-legend');
    legend.innerHTML = '';
    runs.forEach((run, i) => {
      const item = node('span');
      const swatch = node('span', 'swatch');
      swatch.style.background = RUN_COLORS[i % RUN_COLORS.length];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(`run ${run.runId} (${number(run.kept)} steps kept)`));
      legend.appendChild(item);
    });
  }

  function renderVersions(p) {
    const versions = p.versions;
    Charts.timeline($('versions-timeline'), versions, { emptyText: 'no model versions yet' });
    const metrics = [...new Set(versions.flatMap(v => Object.keys(v.evaluation)))].sort();
    const table = $('versions-table');
    const head = table.querySelector('thead');
    const body = table.querySelector('tbody');
    head.innerHTML = '';
    body.innerHTML = '';
    table.style.display = versions.length ? '' : 'none';
    if (versions.length) {
      const tr = document.createElement('tr');
      for (const h of ['version', 'kind', 'parent', 'steps', 'samples seen', 'published', ...metrics]) {
        tr.appendChild(node('th', ['steps', 'samples seen'].includes(h) || metrics.includes(h) ? 'num' : null, h));
      }
      head.appendChild(tr);
      for (const v of [...versions].reverse()) {
        const row = document.createElement('tr');
        row.dataset.version = v.version;
        row.appendChild(node('td', null, v.version));
        const kind = node('td');
        kind.appendChild(node('span', 'badge badge-' + v.kind, v.kind.toLowerCase()));
        row.appendChild(kind);
        row.appendChild(node('td', null, v.parent || '—'));
        row.appendChild(node('td', 'num', number(v.steps)));
        row.appendChild(node('td', 'num', number(v.samplesSeen)));
        row.appendChild(node('td', null, dateTime(v.createdAt)));
        for (const m of metrics) {
          row.appendChild(node('td', 'num', m in v.evaluation ? fmt(v.evaluation[m]) : '—'));
        }
        body.appendChild(row);
      }
    }
    const evaluated = versions.filter(v => Object.keys(v.evaluation).length);
    Charts.line($('eval-chart'), {
      series: metrics.map((m, i) => ({
        name: m, color: EVAL_COLORS[i % EVAL_COLORS.length],
        points: versions.map((v, j) => ({ x: j, y: m in v.evaluation ? v.evaluation[m] : null })),
      })),
      xLabel: 'model version (publication order)', yLabel: 'score',
      xFormat: (t) => (Number.isInteger(t) && versions[t]) ? versions[t].version : '',
      emptyText: evaluated.length ? 'no evaluation metrics' : (versions.length ? 'no evaluation metrics published yet' : 'no model versions yet'),
    });
    const evalBox = $('eval-chart');
    let legend = evalBox.nextElementSibling && evalBox.nextElementSibling.classList.contains('legend') ? evalBox.nextElementSibling : null;
    if (!legend) {
      legend = node('div', 'legend');
      evalBox.after(legend);
    }
    legend.innerHTML = '';
    metrics.forEach((m, i) => {
      const item = node('span');
      const swatch = node('span', 'swatch');
      swatch.style.background = EVAL_COLORS[i % EVAL_COLORS.length];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(m));
      legend.appendChild(item);
    });
  }

  // ---------------------------------------------------------------- sample browser

  let listKey = null;

  function renderSampleList(p) {
    const list = $('samples');
    const samples = p.samples.filter(s => filter === 'ALL' || s.kind === filter);
    const follow = $('follow').checked;
    if (samples.length && (follow || !selectedId)) {
      selectedId = samples[0].sampleId;
    }
    // Rebuild only when something changed, so a click is never lost to a redraw.
    const key = [filter, selectedId, p.samples.length, ...samples.map(s => s.sampleId)].join('|');
    if (key === listKey) return;
    listKey = key;
    list.innerHTML = '';
    if (!samples.length) {
      list.appendChild(node('li', 'empty', p.samples.length ? 'no samples of this kind yet' : 'no preference samples yet'));
    }
    for (const s of samples) {
      const li = node('li', s.sampleId === selectedId ? 'selected' : null);
      li.dataset.sampleId = s.sampleId;
      li.dataset.kind = s.kind;
      const meta = node('div', 'meta');
      const left = node('span');
      left.appendChild(kindBadge(s.kind));
      left.appendChild(document.createTextNode(' ' + s.itemType.toLowerCase().replace('_', ' ')));
      meta.appendChild(left);
      meta.appendChild(node('span', null, `w ${fmt(s.weight)} · score ${fmt(s.rawScore)}`));
      li.appendChild(meta);
      li.appendChild(node('div', 'prompt', s.prompt));
      li.addEventListener('click', () => {
        $('follow').checked = false;
        selectedId = s.sampleId;
        renderSampleList(last.pipeline);
      });
      list.appendChild(li);
    }
    if (!p.samples.length) {
      const detail = $('sample-detail');
      detail.innerHTML = '';
      detail.appendChild(node('p', 'empty', 'No preference samples yet.'));
      shownId = null;
    } else if (selectedId && selectedId !== shownId) {
      showSample(selectedId);
    }
  }

  async function showSample(id) {
    shownId = id;
    const response = await fetch('/api/samples/' + encodeURIComponent(id));
    if (shownId !== id) return;
    const detail = $('sample-detail');
    detail.innerHTML = '';
    if (!response.ok) {
      detail.appendChild(node('p', 'empty', 'This sample is no longer kept by the dashboard.'));
      return;
    }
    const d = await response.json();
    if (shownId !== id) return;
    detail.dataset.sampleId = d.sampleId;
    detail.dataset.kind = d.kind;

    const head = node('div', 'sample-head');
    head.appendChild(kindBadge(d.kind));
    head.appendChild(node('b', null, KIND_NAMES[d.kind] || d.kind));
    head.appendChild(node('span', 'muted', d.itemType.toLowerCase().replace('_', ' ')));
    head.appendChild(node('span', 'id', d.sampleId));
    detail.appendChild(head);

    const facts = node('div', 'facts');
    const fact = (label, value) => {
      const span = node('span', null, label + ' ');
      span.appendChild(node('b', null, value));
      facts.appendChild(span);
    };
    fact('weight', fmt(d.weight) + ' (' + d.weightScheme.toLowerCase() + ')');
    fact('raw score', fmt(d.rawScore));
    if (d.variant) {
      fact('generator', d.variant.generator + ' ' + d.variant.generatorVersion);
      if (d.variant.localizer) fact('localizer', d.variant.localizer);
      if (d.variant.noiseStep !== null) fact('noise step', String(d.variant.noiseStep) + (d.variant.noiseMode ? ' (' + d.variant.noiseMode + ')' : ''));
      if (d.variant.maskCoverage !== null) fact('mask coverage', (100 * d.variant.maskCoverage).toFixed(1) + ' %');
      if (d.variant.visualConfidence !== null) fact('visual confidence', fmt(d.variant.visualConfidence));
    } else {
      fact('variant', 'not read by the dashboard');
    }
    fact('study', d.provenance.studyPseudonym || '—');
    detail.appendChild(facts);

    const prompt = node('div', 'prompt-line');
    prompt.appendChild(node('b', null, 'Prompt: '));
    prompt.appendChild(document.createTextNode(d.prompt));
    detail.appendChild(prompt);

    if (d.rejected.mask) {
      const toggle = node('label', 'mask-toggle');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.id = 'mask-toggle';
      box.addEventListener('change', () => {
        document.querySelectorAll('#sample-detail img.overlay').forEach(img => { img.style.display = box.checked ? '' : 'none'; });
      });
      toggle.appendChild(box);
      toggle.appendChild(document.createTextNode(' outline the lesion mask on both images'));
      detail.appendChild(toggle);
    }

    const pair = node('div', 'pair');
    pair.appendChild(side('chosen', 'preferred: ground truth', d.chosen, d.rejected.mask, 'del', d));
    pair.appendChild(side('rejected', d.kind === 'LESION_NEGLECT' ? 'dispreferred: lesion region noised' : 'dispreferred: hallucinated', d.rejected, d.rejected.mask, 'ins', d));
    detail.appendChild(pair);

    const anyChange = d.chosen.text.some(seg => seg.changed) || d.rejected.text.some(seg => seg.changed);
    if (!anyChange) {
      detail.appendChild(node('p', 'note', d.diffed
        ? 'Same text on both sides: only the image differs.'
        : 'The reports are too long to compare word by word.'));
    }

    if (d.operations.length) {
      const ops = node('table', 'data compact ops');
      const headRow = document.createElement('tr');
      ['operation', 'finding', 'before', 'after'].forEach(h => headRow.appendChild(node('th', null, h)));
      const thead = document.createElement('thead');
      thead.appendChild(headRow);
      ops.appendChild(thead);
      const tbody = document.createElement('tbody');
      for (const op of d.operations) {
        const tr = document.createElement('tr');
        tr.appendChild(node('td', null, op.name));
        tr.appendChild(node('td', null, op.finding || '—'));
        tr.appendChild(node('td', null, op.before || '—'));
        tr.appendChild(node('td', null, op.after || '—'));
        tbody.appendChild(tr);
      }
      ops.appendChild(tbody);
      detail.appendChild(ops);
    } else if (d.kind === 'TEXT_HALLUCINATION') {
      detail.appendChild(node('p', 'note', d.variant ? 'The variant lists no operations.' : ''));
    }
  }

  function side(which, caption, s, mask, markClass, d) {
    const box = node('div', 'side side-' + which);
    const h = node('h4', null, which === 'chosen' ? 'Chosen ' : 'Rejected ');
    h.appendChild(node('span', 'tag', caption));
    box.appendChild(h);
    const figure = node('div', 'figure');
    if (s.image) {
      const frame = node('div', 'frame');
      const img = document.createElement('img');
      img.className = 'base';
      img.id = 'img-' + which;
      img.alt = which + ' image';
      img.src = s.image;
      frame.appendChild(img);
      if (mask) {
        const overlay = document.createElement('img');
        overlay.className = 'overlay';
        overlay.id = 'mask-' + which;
        overlay.alt = 'lesion mask outline';
        overlay.src = mask;
        frame.appendChild(overlay);
      }
      figure.appendChild(frame);
    } else {
      figure.appendChild(node('span', 'no-image', 'no image in this sample'));
    }
    box.appendChild(figure);
    if (s.image) {
      const window = s.windowWidth ? `window ${fmt(s.windowCenter)} ± ${fmt(s.windowWidth / 2)}` : 'min–max stretch';
      box.appendChild(node('div', 'figure-caption', `${s.width} × ${s.height} px, ${window}` + (which === 'rejected' && d.sameImage ? ' · same image as chosen' : '')));
    }
    const report = node('div', 'report report-' + which);
    for (const seg of s.text) {
      if (seg.changed) {
        report.appendChild(node('mark', 'changed ' + markClass, seg.text));
      } else {
        report.appendChild(document.createTextNode(seg.text));
      }
    }
    box.appendChild(report);
    return box;
  }

  document.querySelectorAll('.filters button').forEach(button => {
    button.addEventListener('click', () => {
      document.querySelectorAll('.filters button').forEach(b => b.classList.remove('active'));
      button.classList.add('active');
      filter = button.dataset.filter;
      if (last) renderSampleList(last.pipeline);
    });
  });

  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (last) render(last); }, 150);
  });

  connect();
})();
