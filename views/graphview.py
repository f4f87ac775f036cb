"""Render a networkx graph as an interactive vis.js network (vis-network from pyvis' package data, inlined:
nothing is fetched). Tooltips are plain text (vis-network shows a string title as text, so nothing is escaped
twice); a click on a node can be sent back to the page (see render's `report_to`)."""
from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

import networkx as nx
from clausegraph.views.common import type_colour

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}
html,body{{margin:0;height:100%;font-family:sans-serif}}#net{{width:100%;height:{height}px}}
div.vis-tooltip{{white-space:pre-wrap;max-width:420px}}</style>
<script>{js}</script></head><body><div id="net"></div><script>
var nodes = new vis.DataSet({nodes});
var edges = new vis.DataSet({edges});
var network = new vis.Network(document.getElementById("net"), {{nodes: nodes, edges: edges}}, {options});
var reportTo = {report};
network.on("click", function (params) {{
  if (!reportTo || params.nodes.length === 0) return;
  // the page's hidden text box (its key's class) takes the node id: Streamlit reruns with it
  var doc = window.parent.document;
  var box = doc.querySelector(".st-key-" + reportTo + " input");
  if (!box) return;
  var setter = Object.getOwnPropertyDescriptor(window.parent.HTMLInputElement.prototype, "value").set;
  setter.call(box, params.nodes[0]);
  box.dispatchEvent(new Event("input", {{bubbles: true}}));
  box.dispatchEvent(new KeyboardEvent("keydown", {{key: "Enter", code: "Enter", keyCode: 13, bubbles: true}}));
}});
</script></body></html>"""

OPTIONS = {"physics": {"enabled": False}, "interaction": {"hover": True, "tooltipDelay": 150},
           "nodes": {"shape": "dot", "size": 12, "font": {"size": 14}},
           "edges": {"color": {"color": "#bbbbbb", "highlight": "#555555"}, "smooth": False,
                     "scaling": {"min": 1, "max": 8}}}


@cache
def _vis() -> tuple[str, str]:
    """vis-network's script and style, as pyvis ships them."""
    lib = files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8")


def _json(value: object) -> str:
    """JSON that is safe inside a script block: no "</script>" can close it early."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def render(g: nx.Graph, positions: dict[str, tuple[float, float]], height: int = 600,
           report_to: str = "", highlight: frozenset[str] = frozenset(),
           documents: dict[str, str] | None = None) -> str:
    """HTML of the network: nodes coloured by type at fixed positions, physics off, tooltips as plain text.

    Args:
        report_to: the key of a (hidden) st.text_input of the page: a click on a node types the node's id
            into it, so the page reruns knowing which node was clicked.
        highlight: nodes drawn larger with a dark border (the ones the view started from).
        documents: how to name a document in the edge tooltips (file name -> title and year).
    """
    names = documents or {}
    nodes = []
    for n, data in g.nodes(data=True):
        x, y = positions.get(n, (0.0, 0.0))
        label = str(data.get("label", n))
        kind = str(data.get("type", ""))
        node = {"id": n, "label": label, "title": f"{label} ({kind})" if kind else label, "x": x, "y": y,
                "color": type_colour(kind)}
        if n in highlight:
            node.update(size=22, borderWidth=3, color={"background": type_colour(kind), "border": "#222222"})
        nodes.append(node)
    edges = []
    for a, b, data in g.edges(data=True):
        clauses = data.get("clauses", [])
        weight = data.get("weight", 1)
        shown = "\n".join(f"{names.get(d, d)} · {c}" for d, c in clauses[:8]) + ("\n…" if len(clauses) > 8 else "")
        label = data.get("label", "") if g.is_directed() else ""  # the width shows the weight; labels hid nodes
        heading = f"{data.get('label', '')}, {weight} clause{'s' if weight != 1 else ''}"
        edges.append({"from": a, "to": b, "value": weight, "title": f"{heading}\n{shown}".strip(),
                      "label": label, "arrows": "to" if g.is_directed() else ""})
    js, css = _vis()
    return PAGE.format(css=css, js=js, height=height, nodes=_json(nodes), edges=_json(edges),
                       options=_json(OPTIONS), report=_json(report_to or None))
