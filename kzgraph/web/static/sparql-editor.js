/* kzgraph's SPARQL editor: YASGUI (vendored in static/yasgui/) set up for this endpoint.
 *
 * Everything it needs comes from the page itself (the JSON in #kzgraph-editor) or from this
 * server: no script, style, font or lookup from another host (the Content-Security-Policy allows
 * none). Completion of prefixes, classes and properties uses this project's prefix table and
 * ontology instead of prefix.cc and Linked Open Vocabularies; links in the results lead to this
 * site's resource pages; each stored query opens in a tab of its own; every result can be
 * downloaded in each format the endpoint writes. Without JavaScript the plain form stays.
 */
(function () {
  "use strict";
  var island = document.getElementById("kzgraph-editor");
  var mount = document.getElementById("yasgui");
  if (!island || !mount || typeof window.Yasgui !== "function") return;
  var cfg = JSON.parse(island.textContent);
  cfg.endpoint = new URL(cfg.endpointPath, window.location.href).href;
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  mount.hidden = false; // CodeMirror must measure a visible element when it starts

  // Completion from this project's ontology: full IRIs (for declared prefixes, which YASQE expands)
  // and prefixed names (for the prefixes the endpoint knows undeclared).
  function localCompleter(base, name, terms) {
    var conf = Object.assign({}, base);
    conf.name = name;
    conf.bulk = true;
    conf.autoShow = true;
    conf.persistenceId = null;
    conf.get = function () { return terms; };
    conf.postProcessSuggestion = function (yasqe, token, suggestion) {
      return suggestion.indexOf("://") > 0 && base.postProcessSuggestion
        ? base.postProcessSuggestion(yasqe, token, suggestion) : suggestion;
    };
    return conf;
  }
  Yasqe.registerAutocompleter(localCompleter(Yasqe.Autocompleters["class"], "kzclass", cfg.classes), true);
  Yasqe.registerAutocompleter(localCompleter(Yasqe.Autocompleters.property, "kzproperty", cfg.properties), true);

  // The endpoint declares the project's prefixes for every query (kzgraph/namespaces.py, the table
  // the page carries in cfg.prefixes and /sparql/prefixes.json serves), so the editor knows them
  // too: YASQE's tokenizer starts every query with them as if declared. Then a prefix-free query
  // shows no "Prefix 'kzo' is not defined" marker, and YASQE's prefix completer, which adds a PREFIX
  // line for a prefixed name whose prefix the query lacks (it reads the tokenizer's state through
  // getPrefixesFromQuery), adds none. A PREFIX line the user writes still wins (the tokenizer
  // overwrites the entry), and after "PREFIX " the completer still offers the table: asked for, a
  // line is written.
  var sparqlMode = Yasqe.modes && Yasqe.modes.sparql11;
  if (sparqlMode && typeof Yasqe.defineMode === "function") {
    Yasqe.defineMode("sparql11", function (config, modeConfig) {
      var mode = sparqlMode(config, modeConfig);
      var startState = mode.startState;
      mode.startState = function () {
        var state = startState.apply(this, arguments);
        state.prefixes = Object.assign({}, cfg.prefixes, state.prefixes);
        return state;
      };
      return mode;
    });
  }

  // Results show each kind's prefix (state:KAZ), never kz:state/KAZ, which no query could paste.
  function displayPrefixes(table) {
    var out = {};
    Object.keys(table).forEach(function (p) { if (p !== "kz") out[p] = table[p]; });
    return out;
  }

  var yasgui = new Yasgui(mount, {
    requestConfig: { endpoint: cfg.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: cfg.endpoint }]; } },
    persistenceId: "kzgraph-sparql",
    populateFromUrl: false,
    yasqe: {
      value: cfg.defaultQuery,
      prefixCcApi: cfg.prefixesUrl,
      autocompleters: ["variables", "prefixes", "kzclass", "kzproperty"],
      resizeable: true,
      editorHeight: "260px"
    },
    yasr: { prefixes: displayPrefixes(cfg.prefixes), defaultPlugin: "table" }
  });

  // every tab talks to this endpoint, whatever an older session stored
  Object.keys(yasgui._tabs).forEach(function (id) {
    var tab = yasgui._tabs[id];
    if (tab && tab.setEndpoint) tab.setEndpoint(cfg.endpoint);
  });

  // --- links in the results go to this site's pages -----------------------------------------------
  function localHref(iri) {
    if (iri.indexOf(cfg.canonicalBase) !== 0) return null;
    var rest = iri.slice(cfg.canonicalBase.length);
    var hash = rest.indexOf("#");
    var path = hash < 0 ? rest : rest.slice(0, hash);
    var fragment = hash < 0 ? "" : rest.slice(hash);
    if (path.indexOf("id/") === 0) return cfg.basePath + "page/" + path.slice(3) + fragment;
    if (path === "ontology" || path.indexOf("ontology/") === 0) return cfg.basePath + "page/ontology" + fragment;
    if (path === "dataset") return cfg.basePath + "page/dataset" + fragment;
    return null;
  }
  function relink(root) {
    var anchors = root.querySelectorAll("a[href]");
    for (var i = 0; i < anchors.length; i++) {
      var local = localHref(anchors[i].getAttribute("href"));
      if (local) {
        anchors[i].setAttribute("href", local);
        anchors[i].removeAttribute("target");
      }
    }
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) { if (node.querySelectorAll) relink(node); });
    });
  }).observe(mount, { childList: true, subtree: true });

  // --- downloads in each format ----------------------------------------------------------------------
  var downloads = document.getElementById("kzgraph-downloads");
  function showDownloads(tab) {
    if (!downloads || !tab) return;
    var yasqe = tab.getYasqe();
    if (!yasqe) return;
    var kind = (yasqe.getQueryType() || "SELECT").toUpperCase();
    var formats = (kind === "CONSTRUCT" || kind === "DESCRIBE") ? cfg.graphFormats : cfg.resultFormats;
    while (downloads.firstChild) downloads.removeChild(downloads.firstChild);
    downloads.appendChild(document.createTextNode(cfg.texts.download + ": "));
    formats.forEach(function (f, i) {
      if (i) downloads.appendChild(document.createTextNode(" · "));
      var a = document.createElement("a");
      a.textContent = f[1];
      a.setAttribute("href", cfg.basePath + "sparql?" + new URLSearchParams({ query: yasqe.getValue(), format: f[0] }));
      a.setAttribute("download", "kzgraph-result." + f[2]);
      downloads.appendChild(a);
    });
  }
  yasgui.on("queryResponse", function (instance, tab) { showDownloads(tab); });

  // --- warnings the endpoint sends with a result (a misspelt term: Kzgraph-Warning headers) ---------
  var warningBox = document.createElement("p");
  warningBox.id = "kzgraph-warnings";
  warningBox.className = "kzgraph-warning";
  warningBox.setAttribute("role", "status");
  warningBox.hidden = true;
  mount.parentNode.insertBefore(warningBox, mount.nextSibling);
  var watched = [];
  function showWarnings(yasqe, response) {
    var text = response && response.headers && response.headers.get ? response.headers.get("Kzgraph-Warning") : null;
    warningBox.textContent = text ? "\u26a0 " + text.split(", ").join(" \u00b7 ") : "";
    warningBox.hidden = !text;
  }
  yasgui.on("query", function (instance, tab) {
    var yasqe = tab && tab.getYasqe ? tab.getYasqe() : null;
    if (!yasqe || watched.indexOf(yasqe) >= 0) return;
    watched.push(yasqe);
    yasqe.on("queryResponse", showWarnings);
  });

  // --- the stored queries, each in a tab of its own ----------------------------------------------------
  var list = document.getElementById("kzgraph-stored");
  if (list) {
    list.addEventListener("click", function (event) {
      var target = event.target.closest("[data-query]");
      if (!target) return;
      event.preventDefault();
      var q = cfg.queries[target.getAttribute("data-query")];
      if (!q) return;
      var tab = yasgui.addTab(true, { name: q.name, yasqe: { value: q.text }, requestConfig: { endpoint: cfg.endpoint } },
                              { avoidDuplicateTabs: true });
      yasgui.selectTabId(tab.getId());
      if (target.hasAttribute("data-run")) tab.query();
    });
  }

  // the editor is there: the plain form is no longer needed
  var plain = document.getElementById("kzgraph-plain-form");
  if (plain) plain.hidden = true;
  if (downloads) downloads.hidden = false;
  window.kzgraphEditor = yasgui; // for the browser test and the curious
})();
