"""Project the vendored world-atlas TopoJSON into SVG paths, once, at build time.

    python tools/project_world_map.py   (writes archive/public/data/world-map.json)

Equal Earth projection (Šavrič, Patterson & Jenny 2018): equal-area, so a country's
shade is not exaggerated by its latitude. Antarctica is left out (nobody's count is
there, and it would take a fifth of the height). Countries whose feature has no ISO
code (Kosovo, Northern Cyprus, Somaliland) are drawn as land without a code.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "vendor" / "world-atlas" / "countries-110m.json"
TARGET = ROOT / "archive" / "public" / "data" / "world-map.json"
WIDTH = 1000.0
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
ANTARCTICA = "010"


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * math.radians(lon) * math.cos(theta)
    x /= 3 * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def main() -> None:
    topology = json.loads(SOURCE.read_text())
    arcs = decode_arcs(topology)
    edge = equal_earth(180, 0)[0]
    top = equal_earth(0, 84)[1]
    bottom = equal_earth(0, -57)[1]
    scale = WIDTH / (2 * edge)
    height = round((top - bottom) * scale, 1)

    def project(lon: float, lat: float) -> str:
        x, y = equal_earth(lon, lat)
        return f"{(x + edge) * scale:.1f} {(top - y) * scale:.1f}"

    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric == ANTARCTICA or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points = [project(lon, lat) for lon, lat in ring_points(ring, arcs)]
                parts.append("M" + "L".join(points) + "Z")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        countries.append(
            {
                "code": country.alpha_2 if country else "",
                "name": geometry["properties"]["name"],
                "d": "".join(parts),
            }
        )
    countries.sort(key=lambda c: c["code"])
    TARGET.write_text(
        json.dumps(
            {"width": WIDTH, "height": height, "countries": countries}, separators=(",", ":")
        )
    )
    print(f"{len(countries)} countries, {TARGET.stat().st_size} bytes -> {TARGET}")


if __name__ == "__main__":
    main()
