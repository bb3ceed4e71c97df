#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# ILLUSTRATIVE terrain for the Zhangye sample: SYNTHETIC, NOT REAL ELEVATIONS.
# The Qilian range to the south-west, the Heihe corridor, low hills to the
# north-east, with fractal relief; 1000 x 500 cells of 0.005 deg (CGCS2000).
# For screenshots and trying the terrain features; for real work use SRTM,
# ASTER GDEM or Copernicus GLO-30 (docs/hydraulics.md).
# Usage: tools/illustrative-dem.py OUT.asc, then
#   gdal_translate -a_srs EPSG:4490 -ot Float32 -co COMPRESS=DEFLATE -co TILED=YES \
#     -mo "ATTRIBUTION=Illustrative terrain (synthetic, not real)" OUT.asc OUT.tif
# south-west, the Heihe corridor, low hills to the north-east, fractal relief.
import math,random,sys
random.seed(18)
W,H=1000,500; x0,y1,px=97.2,40.0,0.005
def lattice(n):
    return [[random.random() for _ in range(n+2)] for _ in range(n+2)]
octs=[]
for k in range(7):
    g=3*2**k
    octs.append((g,lattice(g),0.5**k))
def noise(u,v):
    s=0
    for g,lat,a in octs:
        x=u*g; y=v*g; i=int(x); j=int(y); fx=x-i; fy=y-j
        fx=fx*fx*(3-2*fx); fy=fy*fy*(3-2*fy)
        a0=lat[j][i]*(1-fx)+lat[j][i+1]*fx; a1=lat[j+1][i]*(1-fx)+lat[j+1][i+1]*fx
        n=a0*(1-fy)+a1*fy
        s+=a*(1-abs(2*n-1))  # ridged
    return s/1.98
dx,dy=4.7,-1.7; L=math.hypot(dx,dy); ux,uy=dx/L,dy/L
with open(sys.argv[1],'w') as f:
    f.write(f"ncols {W}\nnrows {H}\nxllcorner {x0}\nyllcorner {y1-H*px}\ncellsize {px}\nNODATA_value -9999\n")
    for r in range(H):
        lat=y1-(r+0.5)*px; v=r/H*0.5
        row=[]
        for c in range(W):
            lon=x0+(c+0.5)*px; u=c/W
            ax=lon-97.5; ay=lat-39.9
            along=ax*ux+ay*uy; across=(ax*uy-ay*ux)
            n=noise(u,v)
            z=1400+70*along+150*n
            m=1/(1+math.exp(-(across-0.40)/0.08))   # Qilian mask
            z+=m*(1200+2600*n*n)
            h=1/(1+math.exp(-(-across-0.45)/0.07))  # Longshou hills
            z+=h*(300+900*n*n)
            row.append(f"{z:.1f}")
        f.write(" ".join(row)+"\n")
