/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ra-core.h"
#include "ra-autocleanups.h"

G_BEGIN_DECLS

/* (transfer full) path of the Zhangye sample (RA_DATADIR aware). */
char    *rt_sample_path (void);
/* (transfer full) a map holding every layer of path, labelled by
 * label_field (nullable); fails the test on error. */
RaMap   *rt_load_map (const char *path, const char *label_field);
/* Share (0..1) of pixels whose largest per-channel difference exceeds
 * threshold counts; 1.0 when the sizes differ or a file cannot be read. */
double   rt_image_diff_share (const char *png_a, const char *png_b, int threshold,
                              int *width_out, int *height_out);
/* Runs argv (argv[0] looked up in PATH); returns FALSE and skips the test
 * if the program is missing; fails the test on non-zero exit. */
gboolean rt_run_tool (const char * const *argv, char **stdout_out);
/* (transfer full) a fresh temporary directory for this test run. */
char    *rt_tmp_dir (void);

G_END_DECLS
