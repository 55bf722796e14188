/* Enlace charts: draws every <figure data-chart> (web/components/chart.html) with Vega-Lite,
 * from the spec in its data-chart-spec attribute.
 *
 * The Content Security Policy allows scripts and styles from our origin only, with neither
 * 'unsafe-eval' nor 'unsafe-inline', so:
 * - expressions are interpreted (vega-interpreter, `ast: true`), never compiled with Function();
 * - vega-embed's and vega-tooltip's <style> elements are switched off (`defaultStyle: false`,
 *   `disableDefaultStyle`); enlace.css carries the few rules they provided;
 * - the SVG renderer writes presentation attributes, which the CSP does not govern.
 * A chart that cannot be drawn opens its table and says so.
 */
(function () {
  "use strict";

  var views = new WeakMap();

  function options(figure) {
    var result = {
      renderer: "svg",
      actions: false,
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true }
    };
    var decimal = figure.getAttribute("data-chart-decimal");
    var thousands = figure.getAttribute("data-chart-thousands");
    if (decimal && thousands !== null) {
      /* axis numbers as the page's language writes them: 40.000 in Spanish, 40,000 in English */
      result.formatLocale = { decimal: decimal, thousands: thousands, grouping: [3], currency: ["", ""] };
    }
    return result;
  }

  function fail(figure, error) {
    figure.setAttribute("data-chart-state", "failed");
    var message = figure.querySelector(".chart-error");
    var table = figure.querySelector(".chart-table");
    if (message) { message.hidden = false; }
    if (table) { table.open = true; }
    if (window.console) { window.console.error("Chart not drawn:", figure.id, error); }
  }

  function draw(figure) {
    if (figure.hasAttribute("data-chart-state")) { return; }
    figure.setAttribute("data-chart-state", "drawing");
    var source = figure.getAttribute("data-chart-spec");
    var canvas = figure.querySelector(".chart-canvas");
    if (!source || !canvas) { fail(figure, "missing spec or canvas"); return; }
    if (!window.vegaEmbed || !window.vegaInterpreter) { fail(figure, "scripts not loaded"); return; }
    var spec;
    try {
      spec = JSON.parse(source);
    } catch (error) {
      fail(figure, error);
      return;
    }
    delete spec.title; /* the figcaption shows it, as text the page can translate and select */
    delete spec.usermeta; /* embed options come from options() only */
    window.vegaEmbed(canvas, spec, options(figure)).then(function (result) {
      views.set(figure, result);
      figure.setAttribute("data-chart-state", "drawn");
    }, function (error) {
      fail(figure, error);
    });
  }

  function drawAll(root) {
    if (root.matches && root.matches("figure[data-chart]")) { draw(root); }
    if (root.querySelectorAll) { root.querySelectorAll("figure[data-chart]").forEach(draw); }
  }

  function finalize(element) {
    var result = views.get(element);
    if (result) { result.finalize(); views.delete(element); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
  /* Content that htmx swaps in (a filtered dashboard, say) is drawn too, and a view that htmx
     removes lets go of its listeners. */
  document.addEventListener("htmx:load", function (event) { drawAll(event.detail.elt); });
  /* htmx fires beforeCleanupElement on every element it removes, descendants included. */
  document.addEventListener("htmx:beforeCleanupElement", function (event) { finalize(event.detail.elt); });
}());
