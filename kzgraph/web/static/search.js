/* kzgraph: search on the published (static) site, which has no server to ask.
 *
 * `kzgraph publish` writes search.json: one document per resource with a page, holding the names the
 * server's search reads too (kzgraph.web.search.named_resources: labels in every language, alternative
 * and hidden labels, acronyms, ISO codes) and the names of its types. MiniSearch (vendored in
 * minisearch/, see its README) indexes them here, in a few milliseconds, and matches each word of the
 * query by itself, by prefix or misspelt (fuzzy); every word must match. A resource one of whose names
 * is the whole query ("UK", "OSCE") or begins with it comes first, as on the server.
 *
 * The page gives everything else as data-* attributes of #search: where search.json is, the page's
 * language and its texts (from kzgraph/web/i18n.py), so this file holds no words of its own.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 60; // as the server's search page (kzgraph/web/index_pages.py)
  var MAX_WORDS = 8; // as kzgraph/web/search.py
  var WORD = /[^\p{L}\p{N}\p{M}]+/u;

  /* Case and accents folded as kzgraph/web/search.py folds them: "Қазақстан" ≈ "казакстан". */
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function words(text) {
    return fold(text).split(WORD).filter(Boolean);
  }

  /* The documents indexed: each name and type name on a line of its own. */
  function build(data) {
    var documents = data.documents;
    var ms = new MiniSearch({
      fields: ["names", "types"],
      tokenize: function (text) { return text.split(WORD); },
      processTerm: function (term) { return fold(term) || null; }
    });
    ms.addAll(documents.map(function (doc, i) {
      var types = doc.types.map(function (n) { return data.types[n]; });
      return { id: i, names: doc.names.join("\n"), types: types.join("\n") };
    }));
    var wholes = documents.map(function (doc) {
      return doc.names.map(function (name) { return words(name).join(" "); });
    });
    return { ms: ms, documents: documents, wholes: wholes };
  }

  /* How much a resource's names make it the one meant: a name that is the whole query, one that begins
     with it, a one-word name that is the word matched ("Kazakstan" → Kazakhstan), else none. */
  function boost(index, id, whole, term) {
    var names = index.wholes[id];
    var links = 1 + Math.log(1 + index.documents[id].links) / 4;
    if (names.indexOf(whole) >= 0) return 8 * links;
    if (names.some(function (n) { return n.lastIndexOf(whole, 0) === 0; })) return 3 * links;
    if (names.indexOf(term) >= 0) return 2 * links;
    return links;
  }

  function query(text) {
    var seen = [];
    words(text).forEach(function (w) { if (seen.indexOf(w) < 0) seen.push(w); });
    return seen.slice(0, MAX_WORDS);
  }

  /* Every resource matching every word of ``text``, best first. */
  function search(index, text) {
    var terms = query(text);
    if (!terms.length) return [];
    var whole = terms.join(" ");
    return index.ms.search(whole, {
      combineWith: "AND",
      prefix: function (term) { return term.length >= 2; },
      fuzzy: function (term) { return term.length >= 4 ? 0.2 : false; },
      boost: { names: 2, types: 1 },
      // a resource's names are synonyms, not a text: a state's six names should not count against it
      // as a longer field does (MiniSearch's default b is 0.7), or the section "Russia" outranks Russia
      bm25: { k: 1.2, b: 0.3, d: 0.5 },
      boostDocument: function (id, term) { return boost(index, id, whole, term); }
    });
  }

  /* When nothing matches every word: the resources nearest to any of them, more loosely. */
  function closest(index, text) {
    var terms = query(text);
    if (!terms.length) return [];
    return index.ms.search(terms.join(" "), {
      combineWith: "OR",
      prefix: true,
      fuzzy: 0.34,
      boost: { names: 2, types: 0.1 },
      boostDocument: function (id, term) { return boost(index, id, terms.join(" "), term); }
    }).slice(0, 6);
  }

  /* The name a result was found by: the whole query, else the name holding most of the words matched. */
  function matchedName(index, hit, whole) {
    var names = index.documents[hit.id].names;
    var wholes = index.wholes[hit.id];
    var best = -1, bestCount = -1;
    for (var i = 0; i < names.length; i++) {
      var count = wholes[i] === whole ? 1000 : words(names[i]).filter(function (w) { return w in hit.match; }).length;
      if (count > bestCount || (count === bestCount && names[i].length < names[best].length)) {
        best = i;
        bestCount = count;
      }
    }
    return names[best];
  }

  function element(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? String(values[key]) : m; });
  }

  /* A resource's page in the page's language: ?lang= as kzgraph/web/addresses.py adds it, before any #fragment. */
  function link(root, index, id) {
    var doc = index.documents[id], lang = root.dataset.lang;
    var parts = doc.page.split("#"), href = parts[0];
    if (lang !== root.dataset.defaultLang) href += "?lang=" + encodeURIComponent(lang);
    if (parts.length > 1) href += "#" + parts.slice(1).join("#");
    return element("a", doc.label[lang] || doc.label.en, { href: href });
  }

  function pageHref(root, text, n, lang) {
    var params = new URLSearchParams();
    if (lang !== root.dataset.defaultLang) params.set("lang", lang);
    params.set("q", text);
    params.set("page", String(n));
    return root.dataset.search + "?" + params.toString();
  }

  function renderHits(root, index, hits, text, pageNo) {
    var lang = root.dataset.lang;
    var pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
    pageNo = Math.min(Math.max(1, pageNo), pages);
    var first = (pageNo - 1) * PAGE_SIZE;
    var shown = hits.slice(first, first + PAGE_SIZE);
    var whole = query(text).join(" ");
    var paging = root.querySelector(".paging");
    var k = first ? (first + 1) + "–" + (first + shown.length) : shown.length;
    paging.appendChild(document.createTextNode(fill(root.dataset.shown, { k: k, n: hits.length })));
    if (pageNo > 1) {
      paging.appendChild(document.createTextNode(" · "));
      paging.appendChild(element("a", root.dataset.prev, { href: pageHref(root, text, pageNo - 1, lang), rel: "prev" }));
    }
    if (pageNo < pages) {
      var next = fill(root.dataset.next, { k: Math.min(PAGE_SIZE, hits.length - first - shown.length) });
      paging.appendChild(document.createTextNode(" · "));
      paging.appendChild(element("a", next, { href: pageHref(root, text, pageNo + 1, lang), rel: "next" }));
    }
    paging.hidden = false;
    var list = root.querySelector("ol.hits");
    if (first) list.setAttribute("start", String(first + 1));
    shown.forEach(function (hit) {
      var doc = index.documents[hit.id];
      var item = element("li");
      item.appendChild(link(root, index, hit.id));
      var name = matchedName(index, hit, whole);
      if (name !== (doc.label[lang] || doc.label.en)) item.appendChild(element("small", " — " + name));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("code", doc.iri));
      list.appendChild(item);
    });
    list.hidden = false;
  }

  function renderNothing(root, index, text) {
    var box = root.querySelector(".nothing");
    box.appendChild(element("p", root.dataset.none));
    var near = closest(index, text);
    if (near.length) {
      var p = element("p", root.dataset.closest + " ");
      near.forEach(function (hit, i) {
        if (i) p.appendChild(document.createTextNode(" · "));
        p.appendChild(link(root, index, hit.id));
      });
      box.appendChild(p);
    }
    box.hidden = false;
  }

  function start() {
    var root = document.getElementById("search");
    if (!root) return;
    root.querySelector(".needs-script").hidden = true;
    var params = new URLSearchParams(window.location.search);
    var text = params.get("q") || "";
    var pageNo = parseInt(params.get("page") || "1", 10) || 1;
    root.querySelector("input[name=q]").value = text;
    if (!query(text).length) {
      root.dataset.state = "done";
      return;
    }
    document.title = root.dataset.title + ": " + text + " · kzgraph";
    fetch(root.dataset.index)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (data) {
        var index = build(data);
        var hits = search(index, text);
        if (hits.length) renderHits(root, index, hits, text, pageNo);
        else renderNothing(root, index, text);
        root.dataset.state = "done";
      })
      .catch(function (error) {
        var failed = root.querySelector(".failed");
        failed.appendChild(document.createTextNode(" (" + error.message + ")"));
        failed.hidden = false;
        root.dataset.state = "failed";
      });
  }

  start();
})();
