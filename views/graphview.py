"""Render a networkx graph as an interactive vis.js network (pyvis, scripts inlined: nothing is fetched)."""
from __future__ import annotations

import html
import re

import networkx as nx
from clausegraph.views.common import type_colour
from pyvis.network import Network


def _safe(text: str) -> str:
    """Text from documents goes into a script block: no angle brackets."""
    return text.replace("<", "‹").replace(">", "›")


def render(g: nx.Graph, positions: dict[str, tuple[float, float]], height: int = 600) -> str:
    """HTML of the network: nodes coloured by type at fixed positions, physics off, edge labels on hover."""
    net = Network(height=f"{height}px", width="100%", directed=g.is_directed(), cdn_resources="in_line")
    for n, data in g.nodes(data=True):
        x, y = positions.get(n, (0.0, 0.0))
        net.add_node(n, label=_safe(data.get("label", n)), color=type_colour(data.get("type", "")),
                     title=f"{html.escape(data.get('label', n))} ({data.get('type', '')})", x=x, y=y,
                     physics=False, size=12)
    for a, b, data in g.edges(data=True):
        clauses = data.get("clauses", [])
        title = _safe(f"{data.get('label', '')}: " + ", ".join(f"{d} {c}" for d, c in clauses[:8]))
        weight = data.get("weight", 1)
        label = data.get("label", "") if g.is_directed() else (f"{weight} clauses" if weight > 1 else "")
        net.add_edge(a, b, value=weight, title=title, label=label)
    net.toggle_physics(False)
    page = net.generate_html(notebook=False)
    # pyvis' template links bootstrap from a CDN; nothing may be fetched at run time, and vis.js is inlined
    return re.sub(r"<(?:link|script)[^>]+(?:href|src)=\"https?://[^\"]+\"[^>]*>(?:\s*</script>)?", "", page)
