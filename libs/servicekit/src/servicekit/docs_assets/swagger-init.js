// Starts Swagger UI on the docs page (servicekit.docs). Its settings are the page's JSON block
// #docs-config; this file is served by the platform, so the page needs no inline script.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("docs-config").textContent);
  // The server that served this page (below the prefix a proxy may mount it under).
  var here = new URL(config.apiRoot, window.location.href).href.replace(/\/$/, "");

  // "Try it out" calls this server, whatever `servers` the document names: the gateway's committed
  // document names the local platform, which is neither this host nor, in tests, this port.
  function ThisServer() {
    return {
      statePlugins: {
        spec: {
          wrapActions: {
            updateJsonSpec: function (next) {
              return function (spec) {
                var servers = [{ url: here, description: "This server" }];
                return next(Object.assign({}, spec, { servers: servers }));
              };
            },
          },
        },
      },
    };
  }

  window.ui = SwaggerUIBundle(
    Object.assign({}, config.options, {
      url: new URL(config.openapiUrl, window.location.href).href,
      dom_id: "#swagger-ui",
      layout: "BaseLayout",
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
      plugins: [ThisServer],
      oauth2RedirectUrl: new URL(config.oauth2RedirectUrl, window.location.href).href,
    })
  );
})();
