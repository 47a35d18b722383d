// The query page of `kg serve`: YASGUI on this server's /query, and the canned queries to pick from.
// No inline script and no other origin (the page's CSP allows neither).
"use strict";

(function () {
  const endpoint = window.location.origin + "/query";
  document.getElementById("endpoint").textContent = endpoint;
  // Only the completers that need no web service: prefix.cc and LOV are out of reach offline.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
  });

  fetch("/kg/queries.json")
    .then((answer) => answer.json())
    .then((queries) => {
      const select = document.getElementById("canned");
      for (const query of queries) {
        const option = document.createElement("option");
        option.value = query.name;
        option.textContent = query.name + " — " + query.title;
        select.appendChild(option);
      }
      select.addEventListener("change", () => {
        const query = queries.find((q) => q.name === select.value);
        if (!query) return;
        const tab = yasgui.getTab();
        tab.setQuery(query.sparql);
        tab.query();
      });
      window.kgReady = true; // for the tests: the page is wired
    });
})();
