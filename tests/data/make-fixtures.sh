#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the core test fixtures from the bundled samples with ogr2ogr
# (GDAL 3.6).  Run from anywhere; outputs land next to this script and are
# committed, so the tests do not need GDAL's command-line tools.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
samples="$here/../../data/samples"
zhangye="$samples/zhangye/counties.geojson"
xinzhou="$samples/xinzhou/counties.geojson"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here"

rm -f zhangye-gbk-nocpg.* zhangye-utf8.* counties-gk.* counties-gk-noprj.* \
      zhangye-truncated.* zhangye-header-only.* not-a-shapefile.shp \
      empty.geojson invalid.geojson layers.gpkg

# Shapefile with GBK attributes and no hint at all: write GBK, then delete the
# .cpg and zero the DBF language driver id (byte 29) so GDAL cannot know.
ogr2ogr -f "ESRI Shapefile" -simplify 0.01 -lco ENCODING=GBK \
  zhangye-gbk-nocpg.shp "$zhangye"
rm -f zhangye-gbk-nocpg.cpg
printf '\000' | dd of=zhangye-gbk-nocpg.dbf bs=1 seek=29 count=1 conv=notrunc 2>/dev/null

# Shapefile with a UTF-8 .cpg.
ogr2ogr -f "ESRI Shapefile" -simplify 0.01 -lco ENCODING=UTF-8 \
  zhangye-utf8.shp "$zhangye"

# The counties in CGCS2000 / 3-degree GK CM 99E (EPSG:4542), full resolution,
# with the ESRI-flavoured .prj the shapefile driver writes.
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:4542 -lco ENCODING=UTF-8 \
  counties-gk.shp "$zhangye"

# The same, simplified (0.002 degree, ~200 m), without a .prj: no CRS until one is assigned.
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:4542 -simplify 0.002 -lco ENCODING=UTF-8 \
  counties-gk-noprj.shp "$zhangye"
rm -f counties-gk-noprj.prj

# Damaged shapefiles: .shp cut in half (some features readable) and cut to
# just past its 100-byte header (none readable); .shx and .dbf intact.
for ext in shx dbf prj cpg; do
  cp "zhangye-utf8.$ext" "zhangye-truncated.$ext"
  cp "zhangye-utf8.$ext" "zhangye-header-only.$ext"
done
size=$(stat -c %s zhangye-utf8.shp)
head -c $((size / 2)) zhangye-utf8.shp > zhangye-truncated.shp
head -c 120 zhangye-utf8.shp > zhangye-header-only.shp

# A text file that only pretends to be a shapefile.
printf 'name,lon,lat\nGanzhou,100.4,38.9\n' > not-a-shapefile.shp

# A layer without features.
cat > empty.geojson <<'JSON'
{ "type": "FeatureCollection", "name": "empty",
  "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },
  "features": [] }
JSON

# Invalid geometries: a self-intersecting "bow tie", a polygon whose ring
# has only two distinct points, a valid square and a feature without geometry.
cat > invalid.geojson <<'JSON'
{ "type": "FeatureCollection", "name": "invalid",
  "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },
  "features": [
    { "type": "Feature", "properties": { "name": "bowtie" },
      "geometry": { "type": "Polygon", "coordinates": [[[100, 38], [101, 39], [101, 38], [100, 39], [100, 38]]] } },
    { "type": "Feature", "properties": { "name": "degenerate" },
      "geometry": { "type": "Polygon", "coordinates": [[[100, 38], [101, 39], [100, 38]]] } },
    { "type": "Feature", "properties": { "name": "square" },
      "geometry": { "type": "Polygon", "coordinates": [[[102, 38], [103, 38], [103, 39], [102, 39], [102, 38]]] } },
    { "type": "Feature", "properties": { "name": "nothing" }, "geometry": null }
  ] }
JSON

# A GeoPackage with several layers: polygons, points, lines, and curved /
# 3D geometries (linearised and flattened by the loader).
ogr2ogr -f GPKG -simplify 0.01 -nln counties layers.gpkg "$zhangye"
ogr2ogr -f GPKG -update -nln seats -dialect SQLite \
  -sql "SELECT adcode, name_zh, MakePoint(seat_lon, seat_lat, 4326) AS geom FROM counties" \
  layers.gpkg "$zhangye"
ogr2ogr -f GPKG -update -simplify 0.01 -nln boundaries -nlt MULTILINESTRING \
  layers.gpkg "$xinzhou"
cat > "$tmp/curves.csv" <<'CSV'
id,name,WKT
1,arc,"CIRCULARSTRING (100 38,100.5 38.5,101 38)"
2,disc,"CURVEPOLYGON (CIRCULARSTRING (100 38,101 38,100 38))"
3,peak,"POINT Z (100.4 38.9 1500)"
CSV
ogr2ogr -f GPKG -update -nln curves -a_srs EPSG:4326 -nlt GEOMETRY \
  -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO \
  layers.gpkg "$tmp/curves.csv"

ls -l "$here"
