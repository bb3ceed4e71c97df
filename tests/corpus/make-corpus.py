#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generates the bad-input corpus (issue 8) into OUTDIR.

Only the Python standard library: shapefiles, DBFs, GeoJSON, CSV, KML and
SQLite files are written byte by byte, so every defect is exactly the one
named.  Writes OUTDIR/manifest.tsv, one line per input:

    name <TAB> relative path <TAB> info <TAB> render <TAB> import <TAB> into <TAB> note
         <TAB> info message <TAB> render message <TAB> import message

where info/render/import are the expected outcomes of the CLI command:
  ok     exit status 0 (warnings allowed)
  error  non-zero exit, one line on stderr naming the file and the problem
  any    either (the input is hostile but the verdict is GDAL's to make)
A crash (signal) or a hang is a failure whatever the expectation.  A message
column, when not empty, is a Python regular expression that the command's
stdout + stderr must contain (the error it must give, or the warning of an
"ok"): add(..., msg=RE) sets it for all three commands, msg_info=,
msg_render=, msg_import= for one.

Usage: make-corpus.py OUTDIR [--small] [--sample=PROJECT.sqlite | --cli=reclaim-atlas-cli] [--stamp=FILE]
  --small    skips the 1 M-vertex polygon
  --sample   a project to derive the damaged project files from; --cli builds one
"""
import array
import json
import os
import shutil
import sqlite3
import struct
import sys

OUT = None
ENTRIES = []

PRJ_4326 = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,'
            '298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')
PRJ_3857 = ('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",'
            'DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
            'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
            'PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],'
            'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],'
            'PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],'
            'UNIT["Meter",1.0]]')

# Three small polygons near Zhangye (lon/lat).
SQUARES = [
    [[(100.40, 38.90), (100.40, 38.95), (100.45, 38.95), (100.45, 38.90), (100.40, 38.90)]],
    [[(100.50, 38.90), (100.50, 38.95), (100.55, 38.95), (100.55, 38.90), (100.50, 38.90)]],
    [[(100.60, 38.90), (100.60, 38.95), (100.65, 38.95), (100.65, 38.90), (100.60, 38.90)]],
]
NAMES = ["甘州区", "临泽县", "高台县"]


def add(name, path, info, render, imp, into="built_up_areas", note="", msg="",
        msg_info=None, msg_render=None, msg_import=None):
    ENTRIES.append((name, path, info, render, imp, into, note,
                    msg if msg_info is None else msg_info,
                    msg if msg_render is None else msg_render,
                    msg if msg_import is None else msg_import))


def p(rel):
    full = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def write(rel, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(p(rel), "wb") as f:
        f.write(data)


# ---- shapefile writer -------------------------------------------------------

def shp_header(shape_type, file_words, bbox=(100.0, 38.0, 101.0, 39.0)):
    h = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, file_words)
    h += struct.pack("<2i", 1000, shape_type)
    h += struct.pack("<4d", *bbox)
    h += struct.pack("<4d", 0, 0, 0, 0)
    return h


def poly_content(shape_type, rings):
    xs = [x for r in rings for x, _ in r] or [0.0]
    ys = [y for r in rings for _, y in r] or [0.0]
    pts = [c for r in rings for c in r]
    parts, n = [], 0
    for r in rings:
        parts.append(n)
        n += len(r)
    c = struct.pack("<i4d2i", shape_type, min(xs), min(ys), max(xs), max(ys), len(rings), len(pts))
    c += struct.pack("<%di" % len(parts), *parts)
    flat = array.array("d", [v for pt in pts for v in pt])
    if sys.byteorder != "little":
        flat.byteswap()
    return c + flat.tobytes()


def point_content(x, y):
    return struct.pack("<i2d", 1, x, y)


def build_shp(shape_type, contents):
    """contents: list of record content bytes.  Returns (shp, shx)."""
    body = b""
    index = b""
    offset = 50
    for i, c in enumerate(contents):
        rec = struct.pack(">2i", i + 1, len(c) // 2) + c
        index += struct.pack(">2i", offset, len(c) // 2)
        offset += len(rec) // 2
        body += rec
    shp = shp_header(shape_type, offset) + body
    shx = shp_header(shape_type, 50 + len(index) // 2) + index
    return shp, shx


def dbf(fields, rows, ldid=0x00, nrec=None, header_len=None):
    """fields: [(name bytes, type char, length)]; rows: [[bytes]]."""
    rec_len = 1 + sum(f[2] for f in fields)
    hlen = 32 + 32 * len(fields) + 1
    h = struct.pack("<B3BIHH", 3, 124, 1, 1, len(rows) if nrec is None else nrec,
                    hlen if header_len is None else header_len, rec_len)
    h += b"\0" * 17 + bytes([ldid]) + b"\0\0"
    for name, typ, length in fields:
        h += name[:10].ljust(11, b"\0") + typ.encode() + b"\0" * 4 + bytes([length, 0]) + b"\0" * 14
    h += b"\r"
    body = b""
    for row in rows:
        body += b" "
        for (name, typ, length), v in zip(fields, row):
            body += v[:length].ljust(length, b" ")
    return h + body + b"\x1a"


def name_dbf(names, encoding="utf-8", ldid=0x00):
    fields = [(b"name", "C", 40), (b"id", "N", 10)]
    rows = [[n.encode(encoding) if isinstance(n, str) else n, str(i + 1).encode()]
            for i, n in enumerate(names)]
    return dbf(fields, rows, ldid)


def shapefile(rel, shape_type=5, contents=None, dbf_bytes=None, prj=PRJ_4326, cpg="UTF-8",
              shp_mutate=None, shx_mutate=None):
    """Writes rel (.shp) with .shx, .dbf and optionally .prj/.cpg."""
    if contents is None:
        contents = [poly_content(5, r) for r in SQUARES]
    shp, shx = build_shp(shape_type, contents)
    if shp_mutate:
        shp = shp_mutate(shp)
    if shx_mutate:
        shx = shx_mutate(shx)
    base = rel[:-4]
    write(rel, shp)
    if shx is not None:
        write(base + ".shx", shx)
    if dbf_bytes is None:
        dbf_bytes = name_dbf([NAMES[i % 3] for i in range(len(contents))])
    if dbf_bytes is not False:
        write(base + ".dbf", dbf_bytes)
    if prj is not None:
        write(base + ".prj", prj)
    if cpg is not None:
        write(base + ".cpg", cpg)
    return rel


def set_bytes(data, offset, new):
    return data[:offset] + new + data[offset + len(new):]


# ---- shapefiles --------------------------------------------------------------

def make_shapefiles(small):
    add("shp-valid-control", shapefile("shp/valid.shp"), "ok", "ok", "ok",
        note="control: three good squares")
    add("shp-no-prj", shapefile("shp/no-prj.shp", prj=None), "ok", "ok", "error",
        note="no CRS: drawn, import refused")

    shp, shx = build_shp(5, [poly_content(5, r) for r in SQUARES])
    add("shp-truncated-header", shapefile("shp/trunc-header.shp", shp_mutate=lambda s: s[:60]),
        "error", "error", "error")
    add("shp-truncated-mid-record", shapefile("shp/trunc-mid.shp", shp_mutate=lambda s: s[:len(s) - 40]),
        "ok", "ok", "any", note="last record cut: the first two read, a warning")
    add("shp-truncated-after-header", shapefile("shp/trunc-100.shp", shp_mutate=lambda s: s[:100]),
        "error", "error", "error")
    add("shp-zero-bytes-shp", shapefile("shp/zero-shp.shp", shp_mutate=lambda s: b""),
        "error", "error", "error")
    add("shx-truncated", shapefile("shp/shx-trunc.shp", shx_mutate=lambda s: s[:108]),
        "any", "any", "any")
    add("shx-missing", shapefile("shp/shx-missing.shp", shx_mutate=lambda s: None), "any", "any", "any",
        note="GDAL may rebuild the index (SHAPE_RESTORE_SHX is off by default)")
    if os.path.exists(p("shp/shx-missing.shx")):
        os.unlink(p("shp/shx-missing.shx"))
    add("shx-zero-bytes", shapefile("shp/shx-zero.shp", shx_mutate=lambda s: b""), "any", "any", "any")
    add("shx-offset-past-end",
        shapefile("shp/shx-past-end.shp", shx_mutate=lambda s: set_bytes(s, 100 + 8, struct.pack(">i", 0x7fffff00))),
        "any", "any", "any", note=".shx points far past the end of .shp")
    add("shx-all-offsets-past-end",
        shapefile("shp/shx-all-past-end.shp",
                  shx_mutate=lambda s: s[:100] + b"".join(struct.pack(">2i", 10 ** 8 + i, 68) for i in range(3))),
        "error", "error", "error")
    add("shx-offset-into-header",
        shapefile("shp/shx-into-header.shp", shx_mutate=lambda s: set_bytes(s, 100, struct.pack(">i", 0))),
        "any", "any", "any")
    add("shx-negative-length",
        shapefile("shp/shx-neg-len.shp", shx_mutate=lambda s: set_bytes(s, 104, struct.pack(">i", -5))),
        "any", "any", "any")
    add("shx-huge-length",
        shapefile("shp/shx-huge-len.shp", shx_mutate=lambda s: set_bytes(s, 104, struct.pack(">i", 0x3fffffff))),
        "any", "any", "any")
    add("shx-claims-million-records",
        shapefile("shp/shx-million.shp", shx_mutate=lambda s: set_bytes(s, 24, struct.pack(">i", 50 + 4 * 10 ** 6))),
        "any", "any", "any")
    add("shp-bad-magic", shapefile("shp/bad-magic.shp", shp_mutate=lambda s: set_bytes(s, 0, b"\xde\xad\xbe\xef")),
        "error", "error", "error")
    add("shp-header-nan-bbox",
        shapefile("shp/nan-bbox.shp", shp_mutate=lambda s: set_bytes(s, 36, struct.pack("<4d", *[float("nan")] * 4))),
        "ok", "ok", "ok", note="header bbox NaN, records fine")
    add("shp-unknown-shape-type", shapefile("shp/type99.shp", shape_type=99), "any", "any", "any",
        note="header type 99, records are polygons: GDAL trusts the records")
    add("shp-record-type-mismatch",
        shapefile("shp/type-mismatch.shp", contents=[point_content(100.4, 38.9)] * 3), "any", "any", "error")
    add("shp-multipatch", shapefile("shp/multipatch.shp", shape_type=31,
                                    contents=[struct.pack("<i4d2i", 31, 0, 0, 1, 1, 0, 0)]), "any", "any", "error")

    # Coordinates.
    nan, inf = float("nan"), float("inf")
    sq = SQUARES[0][0]
    add("shp-nan-coords", shapefile("shp/nan.shp", contents=[poly_content(5, [[(nan, nan)] * 5])] * 3),
        "ok", "error", "error", note="every geometry non-finite")
    add("shp-inf-coords", shapefile("shp/inf.shp", contents=[poly_content(5, [[(inf, 38.9), (inf, 39), (-inf, 39), (inf, 38.9)]])]),
        "ok", "error", "error")
    add("shp-neg-inf-coords", shapefile("shp/neg-inf.shp", contents=[poly_content(5, [[(-inf, -inf)] * 4])]),
        "ok", "error", "error")
    add("shp-one-nan-of-three",
        shapefile("shp/one-nan.shp", contents=[poly_content(5, SQUARES[0]), poly_content(5, [[(nan, 1)] * 4]),
                                                poly_content(5, SQUARES[2])]),
        "ok", "ok", "error", note="two drawn, one dropped with a warning")
    add("shp-1e300-coords",
        shapefile("shp/1e300.shp", contents=[poly_content(5, [[(1e300, 1e300), (1e300, -1e300), (-1e300, -1e300), (1e300, 1e300)]])]),
        "any", "any", "error")
    add("shp-1e300-projected",
        shapefile("shp/1e300-3857.shp", prj=PRJ_3857,
                  contents=[poly_content(5, [[(0, 0), (0, 1e300), (1e300, 1e300), (0, 0)]])]),
        "any", "any", "any", note="PROJ folds 1e300 m of Web Mercator into the lon/lat range")
    add("shp-tiny-denormal",
        shapefile("shp/denormal.shp", contents=[poly_content(5, [[(5e-324, 5e-324), (5e-324, 1e-323), (1e-323, 1e-323), (5e-324, 5e-324)]])]),
        "any", "any", "any")
    add("shp-point-nan", shapefile("shp/point-nan.shp", shape_type=1,
                                   contents=[point_content(nan, nan), point_content(inf, 1), point_content(100.4, 38.9)]),
        "ok", "ok", "error", into="plants")
    add("shp-point-1e300", shapefile("shp/point-1e300.shp", shape_type=1,
                                     contents=[point_content(1e300, -1e300), point_content(100.4, 38.9)]),
        "any", "any", "error", into="plants")
    add("shp-line-inf", shapefile("shp/line-inf.shp", shape_type=3,
                                  contents=[poly_content(3, [[(100.4, 38.9), (inf, 38.95)]]),
                                            poly_content(3, [[(100.4, 38.9), (100.5, 38.95)]])]),
        "ok", "ok", "error", into="pipelines")

    # Geometry structure.
    add("shp-null-shapes", shapefile("shp/null-shapes.shp", contents=[struct.pack("<i", 0)] * 3),
        "any", "error", "error")
    add("shp-empty-polygons", shapefile("shp/empty-polys.shp", contents=[struct.pack("<i4d2i", 5, 0, 0, 0, 0, 0, 0)] * 3),
        "any", "error", "error")
    add("shp-numparts-huge",
        shapefile("shp/numparts-huge.shp", contents=[struct.pack("<i4d2i", 5, 0, 0, 1, 1, 0x7fffffff, 4) + b"\0" * 16]),
        "any", "any", "any")
    add("shp-numpoints-huge",
        shapefile("shp/numpoints-huge.shp", contents=[struct.pack("<i4d2ii", 5, 0, 0, 1, 1, 1, 0x7fffffff, 0) + b"\0" * 32]),
        "any", "any", "any")
    add("shp-part-index-out-of-range",
        shapefile("shp/part-oob.shp",
                  contents=[set_bytes(poly_content(5, SQUARES[0]), 44, struct.pack("<i", 1000))]),
        "any", "any", "any")
    add("shp-part-index-negative",
        shapefile("shp/part-neg.shp",
                  contents=[set_bytes(poly_content(5, SQUARES[0]), 44, struct.pack("<i", -7))]),
        "any", "any", "any")
    bowtie = [[(100.4, 38.9), (100.5, 39.0), (100.5, 38.9), (100.4, 39.0), (100.4, 38.9)]]
    add("shp-self-intersecting", shapefile("shp/bowtie.shp", contents=[poly_content(5, bowtie)]),
        "ok", "ok", "error", note="drawn with a warning, import refuses invalid geometry")
    unclosed = [[(100.4, 38.9), (100.4, 39.0), (100.5, 39.0), (100.5, 38.9)]]
    add("shp-unclosed-ring", shapefile("shp/unclosed.shp", contents=[poly_content(5, unclosed)]),
        "ok", "ok", "any")
    add("shp-two-point-ring", shapefile("shp/ring2.shp", contents=[poly_content(5, [[(100.4, 38.9), (100.5, 39.0)]])]),
        "ok", "error", "error")
    add("shp-one-point-ring", shapefile("shp/ring1.shp", contents=[poly_content(5, [[(100.4, 38.9)]])]),
        "ok", "error", "error")
    add("shp-many-empty-rings",
        shapefile("shp/empty-rings.shp",
                  contents=[struct.pack("<i4d2i", 5, 0, 0, 1, 1, 1000, 0) + struct.pack("<1000i", *([0] * 1000))]),
        "any", "any", "error")
    add("shp-spike-and-duplicates",
        shapefile("shp/dups.shp", contents=[poly_content(5, [[(100.4, 38.9)] * 50 + [(100.5, 38.9), (100.5, 39.0), (100.4, 38.9)]])]),
        "ok", "ok", "any")
    add("shp-dbf-more-records",
        shapefile("shp/dbf-more.shp", dbf_bytes=name_dbf(NAMES * 3)), "any", "any", "any")
    add("shp-dbf-fewer-records",
        shapefile("shp/dbf-fewer.shp", dbf_bytes=name_dbf(NAMES[:1])), "any", "any", "any")

    # DBF.
    add("dbf-truncated", shapefile("shp/dbf-trunc.shp", dbf_bytes=name_dbf(NAMES)[:120]), "any", "any", "any")
    add("dbf-zero-bytes", shapefile("shp/dbf-zero.shp", dbf_bytes=b""), "any", "any", "any")
    add("dbf-missing", shapefile("shp/dbf-missing.shp", dbf_bytes=False), "any", "any", "any")
    add("dbf-zero-fields", shapefile("shp/dbf-0-fields.shp", dbf_bytes=dbf([], [[], [], []])),
        "ok", "ok", "ok")
    f255 = [(("f%d" % i).encode(), "C", 4) for i in range(255)]
    add("dbf-255-fields",
        shapefile("shp/dbf-255-fields.shp", dbf_bytes=dbf(f255, [[b"v%d" % i for i in range(255)]] * 3)),
        "ok", "ok", "ok")
    f255n = [(b"name", "C", 10)] * 255
    add("dbf-255-same-name-fields",
        shapefile("shp/dbf-255-dup.shp", dbf_bytes=dbf(f255n, [[b"x"] * 255] * 3)), "any", "any", "any")
    add("dbf-huge-record-count",
        shapefile("shp/dbf-nrec.shp", dbf_bytes=dbf([(b"name", "C", 10)], [[b"a"]] * 3, nrec=0x7fffffff)),
        "any", "any", "any")
    add("dbf-header-length-garbage",
        shapefile("shp/dbf-hlen.shp", dbf_bytes=dbf([(b"name", "C", 10)], [[b"a"]] * 3, header_len=65535)),
        "any", "any", "any")
    add("dbf-header-length-small",
        shapefile("shp/dbf-hlen-small.shp", dbf_bytes=dbf([(b"name", "C", 10)], [[b"a"]] * 3, header_len=3)),
        "any", "any", "any")
    add("dbf-zero-length-field",
        shapefile("shp/dbf-len0.shp", dbf_bytes=dbf([(b"name", "C", 0), (b"id", "N", 5)], [[b"", b"1"]] * 3)),
        "any", "any", "any")
    add("dbf-field-name-garbage",
        shapefile("shp/dbf-fname.shp", dbf_bytes=dbf([(b"\xff\xfe\x80\x00\x01", "C", 10)], [[b"x"]] * 3)),
        "ok", "ok", "ok")
    add("dbf-numeric-garbage",
        shapefile("shp/dbf-numgarbage.shp",
                  dbf_bytes=dbf([(b"id", "N", 10), (b"cap", "F", 12)], [[b"*******", b"1e999"], [b"NaN", b"-inf"], [b"\xff\xfe", b"12,5"]])),
        "ok", "ok", "any")
    add("dbf-date-garbage",
        shapefile("shp/dbf-date.shp", dbf_bytes=dbf([(b"d", "D", 8)], [[b"99999999"], [b"abcdefgh"], [b"20241301"]])),
        "ok", "ok", "ok")
    mixed = ["甘州区".encode("gbk"), "临泽县".encode("utf-8"), b"\xff\xfe\xfd\x80"]
    add("dbf-gbk-utf8-mixed-nocpg",
        shapefile("shp/mixed-nocpg.shp", dbf_bytes=name_dbf(mixed), cpg=None), "ok", "ok", "any")
    add("dbf-gbk-utf8-mixed-cpg-utf8",
        shapefile("shp/mixed-cpg-utf8.shp", dbf_bytes=name_dbf(mixed), cpg="UTF-8"), "ok", "ok", "any")
    add("dbf-gbk-utf8-mixed-cpg-gbk",
        shapefile("shp/mixed-cpg-gbk.shp", dbf_bytes=name_dbf(mixed), cpg="GBK"), "ok", "ok", "any")
    add("dbf-gbk-ldid-utf8-bytes",
        shapefile("shp/ldid-gbk.shp", dbf_bytes=name_dbf([n.encode() for n in NAMES], ldid=0x4D), cpg=None),
        "ok", "ok", "any", note="DBF language driver id says GBK (0x4D), bytes are UTF-8")
    add("dbf-half-gbk-char",
        shapefile("shp/half-gbk.shp", dbf_bytes=name_dbf(["甘州区".encode("gbk")[:5]] * 3), cpg=None),
        "ok", "ok", "any")
    add("cpg-garbage", shapefile("shp/cpg-garbage.shp", cpg="KLINGON-1"), "ok", "ok", "any")
    add("cpg-binary", shapefile("shp/cpg-binary.shp", cpg="\x00\xff\xfe" * 10), "ok", "ok", "any")

    # .prj
    add("prj-garbage", shapefile("shp/prj-garbage.shp", prj="THIS IS NOT A CRS"), "ok", "ok", "error")
    add("prj-binary", shapefile("shp/prj-binary.shp", prj=bytes(range(256)).decode("latin-1")),
        "ok", "ok", "error")
    add("prj-empty", shapefile("shp/prj-empty.shp", prj=""), "ok", "ok", "error")
    add("prj-wrong-crs", shapefile("shp/prj-wrong.shp", prj=PRJ_3857), "ok", "ok", "any",
        note="lon/lat numbers labelled Web Mercator: a few metres off Null Island")
    add("prj-truncated-wkt", shapefile("shp/prj-trunc.shp", prj=PRJ_4326[:60]), "ok", "ok", "error")
    add("prj-huge", shapefile("shp/prj-huge.shp", prj="PROJCS[" * 50000), "ok", "ok", "error")
    add("prj-deep-nesting", shapefile("shp/prj-deep.shp", prj="GEOGCS[" * 5000 + "]" * 5000), "ok", "ok", "error")


def make_big_polygon(n=1000000):
    """A single polygon ring of n vertices (a circle), about 16 MB."""
    import math
    ring = [(100.5 + 0.2 * math.cos(2 * math.pi * i / n), 38.9 + 0.15 * math.sin(2 * math.pi * i / n))
            for i in range(n)]
    ring.append(ring[0])
    add("shp-1M-vertex-polygon", shapefile("shp/million.shp", contents=[poly_content(5, [ring])],
                                           dbf_bytes=name_dbf(["big"])),
        "ok", "ok", "ok", note="one ring of a million vertices")


# ---- GeoJSON -------------------------------------------------------------------

def fc(features):
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def feat(geom, props=None):
    return {"type": "Feature", "properties": props if props is not None else {"name": "x"}, "geometry": geom}


SQ = [[list(c) for c in SQUARES[0][0]]]


def make_geojson():
    add("geojson-valid-control", gj("valid", fc([feat({"type": "Polygon", "coordinates": SQ})])),
        "ok", "ok", "ok")
    add("geojson-deep-array-nesting", gj("deep-arrays", '{"type":"Feature","properties":{},"geometry":'
                                         '{"type":"Polygon","coordinates":' + "[" * 100000 + "]" * 100000 + "}}"),
        "error", "error", "error")
    add("geojson-deep-object-nesting", gj("deep-objects", '{"type":"FeatureCollection","features":[{"type":"Feature",'
                                          '"properties":' + '{"a":' * 100000 + "1" + "}" * 100000 +
                                          ',"geometry":null}]}'),
        "error", "error", "error")
    deep_gc = {"type": "Polygon", "coordinates": SQ}
    for _ in range(200):
        deep_gc = {"type": "GeometryCollection", "geometries": [deep_gc]}
    add("geojson-nested-geometrycollection", gj("deep-gc", fc([feat(deep_gc)])), "any", "any", "error")
    add("geojson-coordinates-string", gj("coords-string", fc([feat({"type": "Polygon", "coordinates": "abc"})])),
        "any", "error", "error")
    add("geojson-coordinates-numbers-as-strings",
        gj("coords-strnum", fc([feat({"type": "Point", "coordinates": ["100.4", "38.9"]})])), "any", "any", "any",
        into="plants")
    add("geojson-type-number", gj("type-number", '{"type":5,"features":[]}'), "error", "error", "error")
    add("geojson-features-object", gj("features-object", '{"type":"FeatureCollection","features":{"a":1}}'),
        "any", "error", "error")
    add("geojson-geometry-string", gj("geometry-string", fc([feat("POINT (1 2)")])), "any", "error", "error")
    add("geojson-properties-array", gj("props-array",
                                       fc([feat({"type": "Point", "coordinates": [100.4, 38.9]}, [1, 2, 3])])),
        "any", "any", "any", into="plants")
    add("geojson-null-geometries", gj("null-geoms", fc([feat(None), feat(None)])), "ok", "error", "error")
    add("geojson-empty-features", gj("empty-fc", fc([])), "error", "error", "error")
    add("geojson-empty-polygon", gj("empty-polygon", fc([feat({"type": "Polygon", "coordinates": []})])),
        "any", "error", "error")
    add("geojson-empty-ring", gj("empty-ring", fc([feat({"type": "Polygon", "coordinates": [[]]})])),
        "any", "error", "error")
    add("geojson-nan-literal", gj("nan-literal", '{"type":"FeatureCollection","features":[{"type":"Feature",'
                                  '"properties":{},"geometry":{"type":"Point","coordinates":[NaN,NaN]}}]}'),
        "any", "any", "error", into="plants")
    add("geojson-infinity-literal", gj("inf-literal", '{"type":"FeatureCollection","features":[{"type":"Feature",'
                                       '"properties":{},"geometry":{"type":"Point","coordinates":[Infinity,-Infinity]}}]}'),
        "any", "any", "error", into="plants")
    add("geojson-overflow-1e400", gj("overflow", '{"type":"FeatureCollection","features":[{"type":"Feature",'
                                     '"properties":{},"geometry":{"type":"Polygon","coordinates":'
                                     '[[[1e400,1],[1,1e400],[-1e400,1],[1e400,1]]]}}]}'),
        "any", "any", "error")
    add("geojson-1e300", gj("1e300", fc([feat({"type": "Polygon", "coordinates":
                                               [[[1e300, 1e300], [1e300, -1e300], [-1e300, -1e300], [1e300, 1e300]]]})])),
        "any", "any", "error")
    add("geojson-1e300-mixed", gj("1e300-mixed", fc([feat({"type": "Polygon", "coordinates": SQ}),
                                                     feat({"type": "Point", "coordinates": [1e300, 1e300]})])),
        "any", "any", "error")
    add("geojson-unclosed-ring", gj("unclosed", fc([feat({"type": "Polygon", "coordinates": [SQ[0][:4]]})])),
        "ok", "ok", "any")
    add("geojson-two-point-ring", gj("ring2", fc([feat({"type": "Polygon", "coordinates": [SQ[0][:2]]})])),
        "ok", "error", "error")
    add("geojson-bowtie", gj("bowtie", fc([feat({"type": "Polygon", "coordinates":
                                                 [[[100.4, 38.9], [100.5, 39.0], [100.5, 38.9], [100.4, 39.0], [100.4, 38.9]]]})])),
        "ok", "ok", "error")
    add("geojson-mixed-types", gj("mixed", fc([feat({"type": "Point", "coordinates": [100.4, 38.9]}),
                                               feat({"type": "LineString", "coordinates": [[100.4, 38.9], [100.5, 39]]}),
                                               feat({"type": "Polygon", "coordinates": SQ})])),
        "ok", "ok", "error")
    add("geojson-coords-1d", gj("coords-1d", fc([feat({"type": "Point", "coordinates": [100.4]})])),
        "any", "any", "error", into="plants")
    add("geojson-coords-5d", gj("coords-5d", fc([feat({"type": "Point", "coordinates": [100.4, 38.9, 1, 2, 3]})])),
        "any", "any", "any", into="plants")
    add("geojson-unknown-geometry-type", gj("unknown-type", fc([feat({"type": "Hexagon", "coordinates": [1, 2]})])),
        "any", "error", "error")
    add("geojson-truncated", gj("truncated", fc([feat({"type": "Polygon", "coordinates": SQ})])[:70]),
        "error", "error", "error")
    add("geojson-bom", gj("bom", "\ufeff" + fc([feat({"type": "Polygon", "coordinates": SQ})])), "any", "any", "any")
    add("geojson-invalid-utf8-property",
        gjb("bad-utf8", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"\xff\xfe\xc0"},'
                        b'"geometry":{"type":"Point","coordinates":[100.4,38.9]}}]}'),
        "any", "any", "any", into="plants")
    add("geojson-nul-in-string",
        gj("nul-string", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a\\u0000b"},'
                         '"geometry":{"type":"Point","coordinates":[100.4,38.9]}}]}'),
        "ok", "ok", "any", into="plants")
    add("geojson-long-string", gj("long-string", fc([feat({"type": "Point", "coordinates": [100.4, 38.9]},
                                                          {"name": "张" * 300000})])),
        "ok", "ok", "any", into="plants")
    add("geojson-many-properties", gj("many-props", fc([feat({"type": "Point", "coordinates": [100.4, 38.9]},
                                                             {"p%d" % i: i for i in range(5000)})])),
        "ok", "ok", "any", into="plants")
    add("geojson-crs-garbage", gj("crs-garbage", '{"type":"FeatureCollection","crs":{"type":"name","properties":'
                                  '{"name":"urn:ogc:def:crs:EPSG::99999999"}},"features":[]}'),
        "any", "error", "error")
    add("geojson-crs-wrong-type", gj("crs-wrong", '{"type":"FeatureCollection","crs":[1,2],"features":[{"type":"Feature",'
                                     '"properties":{},"geometry":{"type":"Point","coordinates":[100.4,38.9]}}]}'),
        "any", "any", "any", into="plants")
    add("geojson-top-level-array", gj("top-array", "[1,2,3]"), "error", "error", "error")
    add("geojson-top-level-null", gj("top-null", "null"), "error", "error", "error")
    add("geojson-duplicate-keys", gj("dup-keys", '{"type":"FeatureCollection","features":[{"type":"Feature",'
                                     '"properties":{"a":1,"a":"x"},"geometry":{"type":"Point","coordinates":[100.4,38.9],'
                                     '"coordinates":[1,2]}}]}'), "any", "any", "any", into="plants")
    add("geojson-huge-id", gj("huge-id", '{"type":"FeatureCollection","features":[{"type":"Feature","id":'
                              '99999999999999999999999999,"properties":{},"geometry":{"type":"Point",'
                              '"coordinates":[100.4,38.9]}}]}'), "any", "any", "any", into="plants")
    add("geojson-negative-zero-and-tiny", gj("tiny", fc([feat({"type": "Polygon", "coordinates":
                                                               [[[-0.0, -0.0], [0, 5e-324], [5e-324, 5e-324], [-0.0, -0.0]]]})])),
        "any", "any", "any")


# ---- issue 14: encodings, declared CRSs, far coordinates, GDAL paths -------------

def make_issue14():
    """Inputs that once gave exit 0 and a quiet wrong answer: each must now
    decode right, or say what it guessed, or refuse with the reason."""
    def names_shp(rel, names, enc, cpg=None, n=None, contents=None):
        rows = names if n is None else [names[i % len(names)] for i in range(n)]
        if contents is None:
            contents = [poly_content(5, SQUARES[i % 3]) for i in range(len(rows))]
        return shapefile(rel, contents=contents, dbf_bytes=name_dbf(rows, enc), cpg=cpg)

    big5 = ["甘州區", "臨澤縣", "高臺縣"]
    gbk = ["甘州区", "临泽县", "高台县"]
    long_gbk = ["甘州区再生水厂", "肃南裕固族自治县污水处理厂", "民乐县人工湿地", "临泽县调蓄水池",
                "高台县工业园区", "山丹县城市绿化"]
    long_big5 = ["甘州區再生水廠", "肅南裕固族自治縣污水處理廠", "民樂縣人工濕地", "臨澤縣調蓄水池",
                 "高臺縣工業園區", "山丹縣城市綠化"]
    latin = ["Müller", "Straße", "Café"]
    # Encodings without .cpg: detected by uchardet, decoded right, and the
    # layer says how sure the guess is.
    add("enc-big5-nocpg-short", names_shp("enc/big5-short.shp", big5, "big5"), "ok", "ok", "ok",
        note="three Big5 names, no .cpg: Big5, likely", msg_import="",
        msg_info=r"Attribute encoding: Big5 \(detected, no \.cpg; likely.*name = 甘州區",
        msg_render=r"guessed Big5 from only 9 characters")
    add("enc-big5-nocpg-long", names_shp("enc/big5-long.shp", long_big5, "big5", n=12), "ok", "ok", "ok",
        msg_info=r"Attribute encoding: Big5 \(detected, no \.cpg; sure.*name = 肅南裕固族自治縣污水處理廠",
        msg_import="")
    add("enc-gbk-nocpg-short", names_shp("enc/gbk-short.shp", gbk, "gbk"), "ok", "ok", "ok",
        msg_info=r"Attribute encoding: GB18030 \(detected, no \.cpg; likely.*name = 临泽县", msg_import="")
    add("enc-gbk-nocpg-long", names_shp("enc/gbk-long.shp", long_gbk, "gbk", n=12), "ok", "ok", "ok",
        msg_info=r"Attribute encoding: GB18030 \(detected, no \.cpg; sure.*name = 民乐县人工湿地", msg_import="")
    add("enc-gb18030-4byte", names_shp("enc/gb18030.shp", ["𠀀甘州区", "临泽县𠀁"], "gb18030"), "ok", "ok", "ok",
        msg_info=r"GB18030 \(detected.*name = 𠀀甘州区", msg_import="", note="four-byte GB18030 sequences")
    add("enc-latin1-nocpg", names_shp("enc/latin1.shp", latin, "latin-1"), "ok", "ok", "ok",
        msg_info=r"Attribute encoding: Latin-1 \(ISO-8859-1\) \(detected.*name = Straße", msg_import="")
    add("enc-cp1252-nocpg", names_shp("enc/cp1252.shp", ["Œuvre “quoted”", "naïve €5", "façade"], "cp1252"),
        "ok", "ok", "ok", msg_info=r"name = Œuvre “quoted”", msg_import="")
    add("enc-utf8-nocpg", names_shp("enc/utf8-nocpg.shp", gbk, "utf-8"), "ok", "ok", "ok",
        msg_info=r"Attribute encoding: UTF-8 \(no \.cpg\).*name = 高台县", msg_import="")
    add("enc-shift-jis-nocpg", names_shp("enc/sjis.shp", ["東京都庁舎", "大阪府庁舎", "名古屋市役所"], "shift_jis", n=6),
        "ok", "ok", "ok", msg_info=r"name = 東京都庁舎", msg_import="")
    add("enc-big5-field-name", shapefile("enc/big5-fieldname.shp",
                                         dbf_bytes=dbf([("名稱".encode("big5"), "C", 20)],
                                                       [[n.encode("big5")] for n in big5]), cpg=None),
        "ok", "ok", "any", msg_info=r"名稱: string", note="the field name is Big5 too")
    add("enc-cpg-big5-declared", names_shp("enc/cpg-big5.shp", big5, "big5", cpg="BIG5"), "ok", "ok", "ok",
        msg_info=r"Attribute encoding: BIG5 \(\.cpg\).*name = 臨澤縣", msg_import="")
    add("enc-cpg-says-gbk-bytes-big5", names_shp("enc/cpg-lies.shp", long_big5, "big5", cpg="GBK", n=6),
        "ok", "ok", "any", msg_info=r"Attribute encoding: GBK \(\.cpg\)",
        note="a wrong .cpg is honoured (the user can override with --encoding)")
    add("enc-undecodable-bytes", names_shp("enc/undecodable.shp", [b"\x81\x30\xff\xff", b"\xfe\xfe\xfe"], None),
        "ok", "ok", "any", msg_info=r"(unsure|do not decode|does not decode)",
        note="bytes no candidate decodes: the layer says so")
    add("enc-csv-gbk", "csv/gbk.csv", "ok", "ok", "any", into="plants",
        msg_info=r"GB18030 \(detected, the format declares none.*甘州区")
    write("enc/big5.csv", ("名稱,WKT\n" + "".join('%s,"POINT (100.4 38.9)"\n' % n for n in long_big5)).encode("big5"))
    add("enc-csv-big5", "enc/big5.csv", "ok", "ok", "any", into="plants",
        msg_info=r"Big5 \(detected, the format declares none.*名稱 = 肅南")

    # A declared CRS PROJ does not know: never taken as WGS 84 in silence.
    def crs_gj(name, crs_json, n=1):
        feats = [feat({"type": "Point", "coordinates": [100.4 + i * 0.01, 38.9]}, {"name": "P%d" % i})
                 for i in range(n)]
        return gj(name, '{"type":"FeatureCollection","crs":%s,"features":[%s]}' % (
            crs_json, ",".join(json.dumps(f) if not isinstance(f, str) else f for f in feats)))
    add("crs-unknown-epsg-geojson", crs_gj("crs-epsg-999999", '{"type":"name","properties":{"name":"EPSG:999999"}}'),
        "ok", "ok", "error", into="plants",
        msg=r"declares the coordinate reference system “EPSG:999999”, which PROJ does not know")
    add("crs-unknown-urn-geojson",
        crs_gj("crs-urn-unknown", '{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::888888"}}', 3),
        "ok", "ok", "error", into="plants", msg=r"urn:ogc:def:crs:EPSG::888888.*PROJ does not know")
    add("crs-unknown-authority-geojson",
        crs_gj("crs-authority", '{"type":"name","properties":{"name":"urn:ogc:def:crs:FOO::1234"}}'),
        "ok", "ok", "error", into="plants", msg=r"(PROJ does not know|no coordinate reference system)")
    add("crs-name-garbage-geojson",
        crs_gj("crs-name-garbage", '{"type":"name","properties":{"name":"this is not a crs"}}'),
        "ok", "ok", "error", into="plants", msg=r"(PROJ does not know|no coordinate reference system)")
    add("crs-known-epsg-control", crs_gj("crs-4490", '{"type":"name","properties":{"name":"EPSG:4490"}}'),
        "ok", "ok", "any", into="plants", msg_info=r"CRS: China Geodetic Coordinate System 2000 \(EPSG:4490\)",
        note="control: a CRS PROJ knows is kept")

    # Coordinates no place on Earth has: not drawn, and said so.
    add("point-1e308-with-good", gj("point-1e308-good", fc([
        feat({"type": "Point", "coordinates": [1e308, 1e308]}, {"name": "far"}),
        feat({"type": "Point", "coordinates": [100.4, 38.9]}, {"name": "near"})])),
        "ok", "ok", "error", into="plants", msg_info=r"1 feature has coordinates no place on Earth has",
        msg_render=r"1 feature has coordinates no place on Earth has", msg_import="")
    add("point-1e308-alone", gj("point-1e308", fc([feat({"type": "Point", "coordinates": [1e308, -1e308]})])),
        "ok", "error", "error", into="plants", msg_render=r"no geometries to draw.*no place on Earth")
    add("point-lon-5000", gj("point-lon-5000", fc([
        feat({"type": "Point", "coordinates": [5000, 38.9]}, {"name": "far"}),
        feat({"type": "Point", "coordinates": [100.4, 38.9]}, {"name": "near"})])),
        "ok", "ok", "error", into="plants", msg_render=r"longitude beyond ±540°")
    add("line-1e308-vertex", gj("line-1e308", fc([
        feat({"type": "LineString", "coordinates": [[100.4, 38.9], [1e308, 38.95]]}),
        feat({"type": "LineString", "coordinates": [[100.4, 38.9], [100.5, 38.95]]})])),
        "ok", "ok", "error", into="pipelines", msg_render=r"1 feature has coordinates no place on Earth has")
    add("point-1e308-projected", shapefile("far/point-1e308-gk.shp", shape_type=1, prj=PRJ_3857,
                                           contents=[point_content(1e308, 1e308), point_content(1.1e7, 4.7e6)]),
        "ok", "ok", "any", into="plants", msg_render=r"beyond ±1e\+13 map units")

    # GDAL virtual paths: every command takes them, as import does.
    import gzip
    import tarfile
    import zipfile
    valid = shapefile("vsi/src/valid.shp")
    base = os.path.join(OUT, "vsi/src/valid")
    with zipfile.ZipFile(p("vsi/counties.zip"), "w") as z:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            z.write(base + "." + ext, "valid." + ext)
    add("vsizip-shapefile", "/vsizip/{corpus}/vsi/counties.zip/valid.shp", "ok", "ok", "ok",
        msg_info=r"Features: 3")
    add("vsizip-whole-archive", "/vsizip/{corpus}/vsi/counties.zip", "ok", "ok", "ok")
    with zipfile.ZipFile(p("vsi/gbk-name.zip"), "w") as z:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            info = zipfile.ZipInfo("县界." + ext)
            z.writestr(info, open(base + "." + ext, "rb").read())
    add("vsizip-chinese-member", "/vsizip/{corpus}/vsi/gbk-name.zip/县界.shp", "ok", "ok", "ok",
        msg_info=r"Layer: 县界")
    text = fc([feat({"type": "Polygon", "coordinates": SQ}, {"name": "甘州区"})])
    with gzip.open(p("vsi/one.geojson.gz"), "wb") as g:
        g.write(text.encode())
    add("vsigzip-geojson", "/vsigzip/{corpus}/vsi/one.geojson.gz", "ok", "ok", "ok", msg_info=r"name = 甘州区")
    with tarfile.open(p("vsi/data.tar"), "w") as t:
        t.add(p("vsi/src/valid.shp"), "d/valid.shp")
        for ext in ("shx", "dbf", "prj", "cpg"):
            t.add(base + "." + ext, "d/valid." + ext)
    add("vsitar-shapefile", "/vsitar/{corpus}/vsi/data.tar/d/valid.shp", "ok", "ok", "ok")
    add("vsizip-missing-member", "/vsizip/{corpus}/vsi/counties.zip/nothere.shp", "error", "error", "error",
        msg=r"nothere\.shp")
    write("vsi/broken.zip", b"PK\x03\x04" + b"\0" * 60)
    add("vsizip-broken-archive", "/vsizip/{corpus}/vsi/broken.zip/valid.shp", "error", "error", "error")
    # A file whose name is GBK bytes (a zip from a Chinese Windows PC
    # unpacked on Linux): the name is printed decoded.
    gbk_dir = os.path.join(OUT, "gbkname")
    os.makedirs(gbk_dir, exist_ok=True)
    gbk_name = "县界 数据".encode("gbk")
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        shutil.copy(base + "." + ext, os.path.join(gbk_dir.encode(), gbk_name + b"." + ext.encode()))
    add("path-gbk-bytes", "gbkname/" + os.fsdecode(gbk_name + b".shp"), "ok", "ok", "ok",
        msg_info=r"File: .*县界 数据\.shp")
    with open(os.path.join(gbk_dir.encode(), "损坏".encode("gbk") + b".geojson"), "wb") as f:
        f.write(b"{\"type\": \"FeatureCollection\", \"feat")
    add("path-gbk-bytes-broken", "gbkname/" + os.fsdecode("损坏".encode("gbk") + b".geojson"),
        "error", "error", "error", msg=r"损坏\.geojson")


def gj(name, text):
    rel = "geojson/%s.geojson" % name
    write(rel, text)
    return rel


def gjb(name, data):
    rel = "geojson/%s.geojson" % name
    write(rel, data)
    return rel


# ---- CSV -------------------------------------------------------------------------

def make_csv():
    def c(name, data, *exp, into="plants", note=""):
        rel = "csv/%s.csv" % name
        write(rel, data)
        add("csv-" + name, rel, *exp, into=into, note=note)

    good = "name,WKT\nA,\"POINT (100.4 38.9)\"\nB,\"POINT (100.5 38.9)\"\n"
    c("valid-wkt", good, "ok", "ok", "any", note="CSV has no CRS: import refused or accepted per GDAL")
    c("ragged-rows", "name,WKT,x\nA,\"POINT (100.4 38.9)\"\nB,\"POINT (100.5 38.9)\",1,2,3,4\nC\n,,,,,,,\n",
      "any", "any", "any")
    c("bom-utf8", "\ufeffname,WKT\nA,\"POINT (100.4 38.9)\"\n", "any", "any", "any")
    c("bom-utf16", ("\ufeffname,WKT\nA,\"POINT (100.4 38.9)\"\n").encode("utf-16"), "any", "any", "any")
    c("double-bom", "\ufeff\ufeffname,WKT\nA,\"POINT (100.4 38.9)\"\n", "any", "any", "any")
    c("wkt-garbage", "name,WKT\nA,\"POINT (abc def)\"\nB,\"POLYGON ((((\"\nC,\"GEOMETRYCOLLECTION(" * 1 +
      "GEOMETRYCOLLECTION(" * 2000 + "\"\n", "any", "any", "any")
    c("wkt-nan", "name,WKT\nA,\"POINT (nan nan)\"\nB,\"POINT (inf -inf)\"\n", "any", "any", "any")
    c("wkt-1e300", "name,WKT\nA,\"POINT (1e300 1e300)\"\n", "any", "any", "any")
    c("xy-text", "name,X,Y\nA,east,north\nB,1e999,-1e999\nC,100.4,38.9\n", "any", "any", "any")
    c("header-only", "name,WKT\n", "any", "error", "error")
    c("unbalanced-quotes", "name,WKT\n\"A,\"POINT (100.4 38.9)\n\"B\n", "any", "any", "any")
    c("mixed-line-endings", "name,WKT\r\nA,\"POINT (100.4 38.9)\"\rB,\"POINT (100.5 38.9)\"\n\r\n", "any", "any", "any")
    c("long-line", "name,WKT\n" + "A" * 2000000 + ",\"POINT (100.4 38.9)\"\n", "any", "any", "any")
    c("gbk", ("名称,WKT\n甘州区,\"POINT (100.4 38.9)\"\n").encode("gbk"), "any", "any", "any")
    c("nul-bytes", b"name,WKT\nA\0B,\"POINT (100.4 38.9)\"\n\0\0\0\n", "any", "any", "any")
    c("many-columns", ",".join("c%d" % i for i in range(3000)) + "\n" + ",".join("1" * 1 for _ in range(3000)) + "\n",
      "any", "any", "any")
    c("plan-projects-ragged", "id,batch,status,name_zh,cap_total\nP01,2024,under_construction\nP02,2025,proposed,项目,abc,1,2,3\n",
      "any", "any", "any")
    c("plan-projects-bom-gbk", b"\xef\xbb\xbf" + "id,batch,name_zh\nP01,2024,".encode() + "甘州".encode("gbk") + b"\n",
      "any", "any", "any")


# ---- KML / XML ---------------------------------------------------------------------

def make_kml():
    def k(name, text, *exp, into="plants", ext="kml", note=""):
        rel = "kml/%s.%s" % (name, ext)
        write(rel, text)
        add("kml-" + name, rel, *exp, into=into, note=note)

    pm = '<Placemark><name>A</name><Point><coordinates>100.4,38.9</coordinates></Point></Placemark>'
    k("valid", '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>%s</Document></kml>' % pm,
      "ok", "ok", "error", note="KML's field is Name, plants need name: refused with the reason")
    k("external-entity-file",
      '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&xxe;</name>'
      '<Point><coordinates>100.4,38.9</coordinates></Point></Placemark></Document></kml>',
      "any", "any", "any")
    k("external-entity-http",
      '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "http://127.0.0.1:47653/ra-xxe">]>'
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&xxe;</name>'
      '<Point><coordinates>100.4,38.9</coordinates></Point></Placemark></Document></kml>',
      "any", "any", "any")
    k("external-dtd",
      '<?xml version="1.0"?><!DOCTYPE kml SYSTEM "http://127.0.0.1:47653/ra-dtd.dtd">'
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>%s</Document></kml>' % pm, "any", "any", "any")
    k("parameter-entity",
      '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote;]>'
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' + pm + '</Document></kml>', "any", "any", "any")
    lol = '<!ENTITY lol0 "lolololololololololol">' + "".join(
        '<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
    k("billion-laughs",
      '<?xml version="1.0"?><!DOCTYPE kml [%s]><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
      '<Placemark><name>&lol9;</name><Point><coordinates>100.4,38.9</coordinates></Point></Placemark>'
      '</Document></kml>' % lol, "any", "any", "any")
    k("malformed", '<?xml version="1.0"?><kml><Document><Placemark><Point><coordinates>1,2</Point>',
      "any", "any", "any")
    k("coordinates-garbage",
      '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><Polygon>'
      '<outerBoundaryIs><LinearRing><coordinates>a,b c,d nan,nan inf,1e999</coordinates></LinearRing>'
      '</outerBoundaryIs></Polygon></Placemark></Document></kml>', "any", "any", "any", into="built_up_areas")
    k("deep-folders", '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>' +
      "<Folder>" * 20000 + pm + "</Folder>" * 20000 + "</Document></kml>", "any", "any", "any")
    k("gml-external-entity",
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
      '<ogr:FeatureCollection xmlns:ogr="http://ogr.maptools.org/" xmlns:gml="http://www.opengis.net/gml">'
      '<gml:featureMember><ogr:a><ogr:name>&xxe;</ogr:name><ogr:geometryProperty><gml:Point><gml:coordinates>'
      '100.4,38.9</gml:coordinates></gml:Point></ogr:geometryProperty></ogr:a></gml:featureMember>'
      '</ogr:FeatureCollection>', "any", "any", "any", ext="gml")


# ---- SQLite / project files ------------------------------------------------------------

def make_sqlite(sample):
    def s(name):
        return "sqlite/%s" % name

    if sample and os.path.exists(sample):
        rel = s("newer-user-version.sqlite")
        shutil.copy(sample, p(rel))
        con = sqlite3.connect(p(rel))
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA user_version = 99")
        con.commit()
        con.close()
        add("project-newer-user-version", rel, "ok", "ok", "any",
            note="read as GDAL data it is fine; opened as a project it is refused (as-project check)")
        data = open(sample, "rb").read()
        write(s("project-truncated.sqlite"), data[:len(data) // 3])
        add("project-truncated", s("project-truncated.sqlite"), "error", "error", "error")
        corrupt = bytearray(data)
        for off in range(4096 * 3, min(len(corrupt), 4096 * 12), 97):
            corrupt[off] ^= 0x5A
        write(s("project-corrupt-pages.sqlite"), bytes(corrupt))
        add("project-corrupt-pages", s("project-corrupt-pages.sqlite"), "any", "any", "error")
    write(s("zero.sqlite"), b"")
    add("sqlite-zero-bytes", s("zero.sqlite"), "error", "error", "error")
    write(s("header-only.sqlite"), b"SQLite format 3\0" + b"\xff" * 84)
    add("sqlite-header-garbage", s("header-only.sqlite"), "error", "error", "error")
    rel = s("other-db.sqlite")
    con = sqlite3.connect(p(rel))
    con.execute("CREATE TABLE t (a, b)")
    con.execute("INSERT INTO t VALUES (1, 'x')")
    con.commit()
    con.close()
    add("sqlite-not-a-project", rel, "ok", "error", "any", note="an SQLite table without geometry")
    write(s("garbage.gpkg"), b"\x00" * 4096 + os.urandom(0) + bytes(range(256)) * 16)
    add("gpkg-garbage", s("garbage.gpkg"), "error", "error", "error")
    write(s("zero.gpkg"), b"")
    add("gpkg-zero-bytes", s("zero.gpkg"), "error", "error", "error")


# ---- damaged projects (issue 14) ------------------------------------------------------

def make_damaged_projects(sample):
    """Projects derived from the sample with one damage each, listed in
    OUTDIR/projects.tsv (not in manifest.tsv) for run-project-corpus.py:

        name <TAB> relative path <TAB> check <TAB> check message <TAB> export <TAB> export message
             <TAB> table <TAB> table message <TAB> network <TAB> network message

    Each outcome is ok (exit 0, no warning), warn (exit 0 and a line
    "reclaim-atlas-cli: warning: FILE: ..." on stderr) or error (non-zero, one
    line naming the file); each message is a Python regular expression that
    the command's stdout + stderr must contain.  Structural damage (a table,
    column, view, registration, index or schema version) is refused by every
    command; geometries that cannot be read are findings of check and
    warnings of the others."""
    import re
    rows = []
    manifest = os.path.join(OUT, "projects.tsv")
    if not sample or not os.path.exists(sample):
        open(manifest, "w").close()
        return

    def geometries(con, table):
        return dict(con.execute('SELECT id, geom FROM "%s" WHERE geom IS NOT NULL ORDER BY id' % table))

    def set_geometries(con, table, values):
        # SpatiaLite's triggers check geometries with its own functions,
        # which this sqlite3 lacks: set aside, write, put back unchanged.
        triggers = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                               " AND tbl_name = ?", (table,)).fetchall()
        for name, _ in triggers:
            con.execute('DROP TRIGGER "%s"' % name)
        for row_id, value in values.items():
            con.execute('UPDATE "%s" SET geom = ? WHERE id = ?' % table, (value, row_id))
        for _, sql in triggers:
            con.execute(sql)

    def damaged(name, mutate, check, export, table, network):
        rel = "projects/%s.sqlite" % name
        shutil.copy(sample, p(rel))
        con = sqlite3.connect(p(rel))
        mutate(con)
        con.commit()
        con.close()
        assert not os.path.exists(p(rel) + "-wal"), rel
        rows.append((name, rel) + check + export + table + network)

    def refused(name, mutate, problem):
        """Every command refuses the project, naming the problem."""
        msg = "the project is damaged: .*" + problem
        damaged(name, mutate, ("error", msg), ("error", msg), ("error", msg), ("error", msg))

    def unreadable(name, table, values, problem, check_extra=""):
        """Opens; check lists each row, the others warn and go on."""
        def mutate(con):
            set_geometries(con, table, values(con))
        ids = r"id \d+"
        check = (check_extra + r"\[geometry-unreadable\] table “%s”, %s: the geometry cannot be read"
                 r".*\(%s\)" % (table, ids, problem))
        warn = (r"warning: \S*%s\.sqlite: table “%s”: \d+ geometr(y|ies) cannot be read .*\(id [\d, ]+\): %s"
                % (re.escape(name), table, problem))
        damaged(name, mutate, ("ok", check), ("warn", warn), ("warn", warn), ("warn", warn))

    # The sample as built: the control (19 pipelines: 8 straight lines and the
    # 11 pipes of the illustrative networks, data/samples/README.md).
    damaged("project-intact", lambda con: None, ("ok", r"findings \(0 errors"), ("ok", ""), ("ok", ""),
            ("ok", r"Pipelines: 19"))

    # Required tables and views.
    for table in ("counties", "plants", "projects", "pipelines", "footprints", "built_up_areas",
                  "indicators", "plan_metrics", "meta", "audit", "app_undo", "pipe_unit_costs",
                  "geometry_columns"):
        refused("project-no-table-" + table.replace("_", "-"),
                lambda con, t=table: con.execute('DROP TABLE "%s"' % t),
                "table “%s” is missing" % table)
    refused("project-no-view-projects-v", lambda con: con.execute("DROP VIEW projects_v"),
            "view “projects_v” is missing")

    # Required columns, dropped or renamed.
    refused("project-column-dropped",
            lambda con: con.execute("ALTER TABLE plants DROP COLUMN capacity_m3_per_day"),
            "column “capacity_m3_per_day” of table “plants” is missing")
    refused("project-column-renamed",
            lambda con: con.execute("ALTER TABLE counties RENAME COLUMN name_zh TO name_cn"),
            "column “name_zh” of table “counties” is missing")
    refused("project-indicator-year-renamed",
            lambda con: con.execute("ALTER TABLE indicators RENAME COLUMN year TO yr"),
            "column “year” of table “indicators” is missing")

    # A table or view replaced by something of another shape.
    def counties_view(con):
        con.execute("DROP TABLE counties")
        con.execute("CREATE VIEW counties AS SELECT 1 AS id, '620702' AS adcode")
    refused("project-counties-a-view", counties_view, "“counties” is a view, not a table")

    def plants_other_shape(con):
        con.execute("DROP TABLE plants")
        con.execute("CREATE TABLE plants (id INTEGER PRIMARY KEY, title TEXT, geom BLOB)")
    refused("project-plants-other-shape", plants_other_shape, "column “name” of table “plants” is missing")

    def projects_view_other_shape(con):
        con.execute("DROP VIEW projects_v")
        con.execute("CREATE VIEW projects_v AS SELECT id, name, geom FROM projects")
    refused("project-projects-view-other-shape", projects_view_other_shape,
            "column “code” of view “projects_v” is missing")

    def projects_view_broken(con):
        con.execute("DROP VIEW projects_v")
        con.execute("CREATE VIEW projects_v AS SELECT * FROM projects_gone")
    refused("project-projects-view-broken", projects_view_broken, r"view “projects_v” cannot be read")

    # Geometry registrations and spatial indexes.
    refused("project-geometry-columns-row-missing",
            lambda con: con.execute("DELETE FROM geometry_columns WHERE f_table_name = 'plants'"),
            "the geometry column “geom” of table “plants” is not registered in geometry_columns")
    refused("project-geometry-type-registration",
            lambda con: con.execute("UPDATE geometry_columns SET geometry_type = 3"
                                    " WHERE f_table_name = 'counties'"),
            "the geometry column of table “counties” is registered as POLYGON, not MULTIPOLYGON")
    refused("project-geometry-srid-registration",
            lambda con: con.execute("UPDATE geometry_columns SET srid = 4326 WHERE f_table_name = 'pipelines'"),
            "the geometry column of table “pipelines” is registered with SRID 4326, not 4490")
    refused("project-spatial-index-missing", lambda con: con.execute("DROP TABLE idx_plants_geom"),
            "the spatial index of table “plants” is missing")

    # The schema version.
    def version(v):
        return lambda con: con.execute("PRAGMA user_version = %d" % v)
    newer = "newer version of Reclaim Atlas"
    damaged("project-user-version-newer", version(1000), ("error", newer), ("error", newer),
            ("error", newer), ("error", newer))
    refused("project-user-version-zero", version(0), "schema version 0 is unknown")
    refused("project-user-version-negative", version(-7), "schema version -7 is unknown")

    # Geometry values that cannot be read: the project opens.
    unreadable("project-geom-text", "counties",
               lambda con: {i: "POLYGON ((100 38, 101 38, 101 39, 100 38))" for i in geometries(con, "counties")},
               "text instead of a geometry")
    junk = bytes((7 + i * 131) % 256 for i in range(120))
    unreadable("project-geom-random-bytes", "plants",
               lambda con: {i: junk for i in geometries(con, "plants")},
               "bytes that are not a SpatiaLite geometry")
    unreadable("project-geom-truncated", "counties",
               lambda con: {i: g[:len(g) // 2] for i, g in list(geometries(con, "counties").items())[:2]},
               r"a damaged SpatiaLite geometry \(cut short or overwritten\)")
    unreadable("project-geom-number", "plants", lambda con: {2: 42},
               "a number instead of a geometry")
    unreadable("project-geom-wrong-type", "counties",
               lambda con: {min(geometries(con, "counties")): next(iter(geometries(con, "plants").values()))},
               "a POINT where a MULTIPOLYGON is expected")

    def srid_4326(con):
        out = {}
        for i, g in list(geometries(con, "counties").items())[-1:]:
            order = "<" if g[1] == 1 else ">"
            out[i] = g[:2] + struct.pack(order + "i", 4326) + g[6:]
        return out
    unreadable("project-geom-wrong-srid", "counties", srid_4326, "SRID 4326 where 4490 is expected")
    # Garbage where projects have no geometry yet: the project-no-geometry
    # finding must stay, with each garbage row named.
    unreadable("project-geom-garbage-projects", "projects",
               lambda con: {1: b"\x00\x01garbage", 2: "not a polygon", 3: junk},
               r"[a-z ]+", check_extra=r"(?s)(?=.*\[project-no-geometry\] 18 of 18 projects have no geometry)"
                                       r"(?=.*projects”, id 2: .*text instead of a geometry).*")

    with open(manifest, "w", encoding="utf-8") as f:
        for r in rows:
            assert len(r) == 10 and "\t" not in "".join(r) and "\n" not in "".join(r), r
            f.write("\t".join(r) + "\n")
    print("%d damaged projects in %s" % (len(rows), manifest))


# ---- the file system -----------------------------------------------------------------

def make_fs():
    for ext in ("shp", "geojson", "csv", "kml", "gml", "dxf", "tab", "fgb", "json"):
        rel = "fs/zero.%s" % ext
        write(rel, b"")
        add("zero-byte-" + ext, rel, "error", "error", "error")
    for ext in ("shp", "geojson", "sqlite"):
        rel = "fs/folder.%s" % ext
        os.makedirs(p(rel), exist_ok=True)
        add("directory-named-" + ext, rel, "error", "error", "error")
    junk = bytes((i * 131 + 7) % 256 for i in range(5000))
    for ext in ("shp", "geojson", "dxf", "gml", "kml", "csv", "mif"):
        rel = "fs/junk.%s" % ext
        write(rel, junk)
        add("random-bytes-" + ext, rel, "error", "error", "error")
    rel = "fs/geojson-named.shp"
    write(rel, fc([feat({"type": "Polygon", "coordinates": SQ})]))
    add("geojson-content-shp-name", rel, "any", "any", "any")
    add("path-with-spaces", shapefile("fs/my data/valid base.shp"), "ok", "ok", "ok")
    add("path-chinese", shapefile("fs/张掖 数据/县界 范围.shp"), "ok", "ok", "ok")
    add("path-markup-chars", shapefile("fs/a&b <c> \"d\"/e'f.shp"), "ok", "ok", "ok")
    add("path-chinese-broken", shapefile("fs/张掖 数据/损坏 文件.shp", shp_mutate=lambda s: s[:60]),
        "error", "error", "error")
    os.symlink("does-not-exist.shp", p("fs/dangling.shp"))
    add("dangling-symlink", "fs/dangling.shp", "error", "error", "error")
    os.symlink("loop-b.geojson", p("fs/loop-a.geojson"))
    os.symlink("loop-a.geojson", p("fs/loop-b.geojson"))
    add("symlink-loop", "fs/loop-a.geojson", "error", "error", "error")
    os.mkfifo(p("fs/fifo.geojson"))
    add("fifo-named-geojson", "fs/fifo.geojson", "error", "error", "error",
        note="a FIFO would block any reader: must fail, not hang")
    add("missing-file", "fs/not-there.geojson", "error", "error", "error")


def main():
    global OUT
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    small = "--small" in sys.argv
    sample = cli = None
    for a in sys.argv[1:]:
        if a.startswith("--sample="):
            sample = a.split("=", 1)[1]
        if a.startswith("--cli="):
            cli = a.split("=", 1)[1]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    OUT = os.path.abspath(args[0])
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    make_shapefiles(small)
    if not small:
        make_big_polygon()
    make_geojson()
    make_csv()
    make_kml()
    if sample is None and cli is not None:
        import subprocess
        sample = os.path.join(OUT, ".sample.sqlite")
        subprocess.run([cli, "sample", "zhangye", sample], check=True, stdout=subprocess.DEVNULL)
    make_sqlite(sample)
    make_damaged_projects(sample)
    for suffix in ("", "-wal", "-shm"):
        if sample is not None and sample.startswith(OUT) and os.path.exists(sample + suffix):
            os.unlink(sample + suffix)
    make_fs()
    make_issue14()
    # (GBK file names are kept as bytes: surrogateescape)
    with open(os.path.join(OUT, "manifest.tsv"), "w", encoding="utf-8", errors="surrogateescape") as f:
        for e in ENTRIES:
            assert "\t" not in "".join(e) and "\n" not in "".join(e), e
            f.write("\t".join(e) + "\n")
    for a in sys.argv[1:]:
        if a.startswith("--stamp="):
            with open(a.split("=", 1)[1], "w") as f:
                f.write("%d\n" % len(ENTRIES))
    print("%d inputs in %s" % (len(ENTRIES), OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
