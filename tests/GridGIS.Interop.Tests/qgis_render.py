"""QGIS, headless, as a planner uses it: a stored Basic auth config, an OGC API - Features layer and a
vector tile layer of GridGIS, rendered to a PNG. Prints one JSON line: what loaded and how many pixels
the render coloured. Run with Debian's /usr/bin/python3 (python3-qgis) and QT_QPA_PLATFORM=offscreen.

usage: qgis_render.py BASE_URL USER PASSWORD COLLECTION TILE_LAYER OUT.png AUTH_DIR

For a collection with a "households" field (coverage, gaps) it also counts the features whose figure is withheld (NULL).
"""
import json
import os
import sys

base, user, password, collection, tile_layer, out, auth_dir = sys.argv[1:8]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QGIS_AUTH_DB_DIR_PATH"] = auth_dir

from qgis.core import (NULL, QgsApplication, QgsAuthMethodConfig, QgsVectorLayer, QgsVectorTileLayer,  # noqa: E402
                       QgsMapSettings, QgsMapRendererSequentialJob, QgsCoordinateReferenceSystem)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

app = QgsApplication([], False)
app.initQgis()
auth = QgsApplication.authManager()
auth.setMasterPassword("gridgis-interop-test", True)
cfg = QgsAuthMethodConfig()
cfg.setName("gridgis")
cfg.setMethod("Basic")
cfg.setConfig("username", user)
cfg.setConfig("password", password)
ok = auth.storeAuthenticationConfig(cfg)
authid = cfg.id()

features = QgsVectorLayer(f"url='{base}/ogc' typename='{collection}' authcfg={authid}", collection, "OAPIF")
tiles = QgsVectorTileLayer(f"type=xyz&url={base}/tiles/{tile_layer}/{{z}}/{{x}}/{{y}}.mvt&zmin=0&zmax=16&authcfg={authid}", tile_layer)
result = {"authStored": bool(ok), "featuresValid": features.isValid(), "tilesValid": tiles.isValid(),
          "featureCount": features.featureCount() if features.isValid() else -1,
          "fields": [f.name() for f in features.fields()] if features.isValid() else []}

# collections with figures (coverage, gaps): how many features carry the households figure and how many have it withheld
if features.isValid() and "households" in result["fields"]:
    values = [f["households"] for f in features.getFeatures()]
    result["nullHouseholds"] = sum(1 for v in values if v is None or v == NULL)
    result["numberHouseholds"] = sum(1 for v in values if not (v is None or v == NULL))

if features.isValid() and tiles.isValid():
    settings = QgsMapSettings()
    settings.setLayers([features, tiles])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    extent = settings.layerExtentToOutputExtent(features, features.extent())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(600, 600))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(out, "PNG")
    white = QColor(255, 255, 255).rgb()
    coloured = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3) if image.pixel(x, y) != white)
    result["colouredPixels"] = coloured
    result["sampledPixels"] = ((image.width() + 2) // 3) * ((image.height() + 2) // 3)
    # tiles alone: the vector tile layer draws something by itself
    settings.setLayers([tiles])
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(out.replace(".png", "-tiles.png"), "PNG")
    result["tileColouredPixels"] = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3) if image.pixel(x, y) != white)

print(json.dumps(result), flush=True)
# QGIS 3.22's exitQgis() crashes (SIGSEGV) in a headless process; everything is written, so leave at once.
os._exit(0)
