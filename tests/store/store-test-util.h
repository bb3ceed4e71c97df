/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "ra-store.h"

G_BEGIN_DECLS

/* A fresh temporary directory for this test program (removed at exit). */
const char *st_tmpdir           (void);
/* (transfer full) a new path inside st_tmpdir() ending in suffix. */
char       *st_tmp_path         (const char *suffix);
/* (transfer full) path of a private copy of the Zhangye sample (built once
 * per test program, then copied). */
char       *st_copy_sample      (const char *name);
/* Opens a project for writing, asserting success. */
RaStore    *st_open             (const char *path);
/* Runs argv, returns stdout; asserts exit status 0. */
char       *st_run              (const char * const *argv);

G_END_DECLS
