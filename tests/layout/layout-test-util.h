/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ra-core.h"
#include "ra-autocleanups.h"
#include "ra-export.h"
#include "ra-layout.h"
#include "ra-store.h"
#include "ra-views.h"

G_BEGIN_DECLS

/* (transfer full) a fresh temporary directory (removed at exit unless
 * RA_KEEP_TMP is set). */
char    *lt_tmp_dir (void);
/* (transfer full) the Zhangye sample project built in a temp dir (once per
 * test program); the path. */
const char *lt_sample_project (void);
/* A layout context for the sample's inventory map (no year): fills ctx,
 * keeps the snapshot and strings alive until exit. */
void     lt_sample_context (RaLayoutContext *ctx);

G_END_DECLS
