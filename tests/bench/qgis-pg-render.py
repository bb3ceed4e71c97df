#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""QGIS's PostGIS provider on a Reclaim Atlas server project (issue 19's
benchmark, pg-open-100k.sh): the projects, water_users and pipelines tables
read from the database named by libpq's environment (PGHOST, PGPORT,
PGDATABASE, PGUSER) and one frame rendered headless, as QGIS desktop would
(antialiasing, rendering optimisation on, the parallel job).
usage: qgis-pg-render.py OUT.png CRS minx miny maxx maxy W H
Prints one line: wall from the layers' creation to the rendered image
(QgsApplication's start-up excluded, printed apart), CPU of the process and
its max RSS."""
import os, resource, sys, time
t_start = time.time()
os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
from qgis.core import (QgsApplication, QgsVectorLayer, QgsMapSettings, QgsRectangle,
                       QgsCoordinateReferenceSystem, QgsMapRendererParallelJob,
                       QgsDataSourceUri, QgsFillSymbol, QgsLineSymbol, QgsMarkerSymbol,
                       QgsSingleSymbolRenderer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


out, crs = sys.argv[1], sys.argv[2]
extent = [float(v) for v in sys.argv[3:7]]
W, H = int(sys.argv[7]), int(sys.argv[8])

app = QgsApplication([], False)
app.initQgis()
t_init = time.time() - t_start
c0, t0 = cpu(), time.time()

styles = {
    'water_users': QgsMarkerSymbol.createSimple({'name': 'circle', 'color': '31,95,191', 'size': '2',
                                                 'size_unit': 'Pixel', 'outline_style': 'no'}),
    'pipelines': QgsLineSymbol.createSimple({'color': '31,95,191', 'width': '1', 'width_unit': 'Pixel'}),
    'projects': QgsFillSymbol.createSimple({'color': '242,230,200', 'outline_color': '80,80,80',
                                            'outline_width': '1', 'outline_width_unit': 'Pixel'}),
}
layers = []
n_features = 0
for table in ('water_users', 'pipelines', 'projects'):     # top first
    uri = QgsDataSourceUri()
    uri.setConnection(os.environ['PGHOST'], os.environ['PGPORT'], os.environ['PGDATABASE'],
                      os.environ['PGUSER'], '')
    uri.setDataSource('public', table, 'geom', '', 'id')
    layer = QgsVectorLayer(uri.uri(False), table, 'postgres')
    assert layer.isValid(), (table, layer.error().summary())
    layer.setRenderer(QgsSingleSymbolRenderer(styles[table]))
    n_features += layer.featureCount()
    layers.append(layer)

ms = QgsMapSettings()
ms.setLayers(layers)
ms.setDestinationCrs(QgsCoordinateReferenceSystem(crs))
ms.setOutputSize(QSize(W, H))
ms.setExtent(QgsRectangle(*extent))
ms.setBackgroundColor(QColor(255, 255, 255))
ms.setFlag(QgsMapSettings.Antialiasing, True)
ms.setFlag(QgsMapSettings.UseRenderingOptimization, True)
t_layers = time.time()
job = QgsMapRendererParallelJob(ms)
job.start()
job.waitForFinished()
img = job.renderedImage()
t1 = time.time()
print(f'first-map qgis: wall {t1 - t0:.3f} s  cpu {cpu() - c0:.3f} s  '
      f'max-rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB  '
      f'(QGIS start-up {t_init:.3f} s apart; layers {t_layers - t0:.3f} [{len(layers)} layers, '
      f'{n_features} features], render {t1 - t_layers:.3f} s at {W}x{H}, map CRS {crs})')
img.save(out, 'png')
sys.stdout.flush()
# QGIS 3.22 crashes in exitQgis() while layers live (see qgis_render.py).
del job, img
ms.setLayers([])
os._exit(0)
