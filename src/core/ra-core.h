/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ra-error.h"
#include "ra-geometry.h"
#include "ra-index.h"
#include "ra-crs.h"
#include "ra-style.h"
#include "ra-layer.h"
#include "ra-source.h"
#include "ra-raster.h"
#include "ra-map.h"
#include "ra-view.h"
#include "ra-renderer.h"
#include "ra-paths.h"
#include "ra-threads.h"

/* Calls ra_source_init and sets up gettext for the core's messages. */
void ra_core_init (void);
