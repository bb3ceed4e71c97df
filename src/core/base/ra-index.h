/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ra-geometry.h"

G_BEGIN_DECLS

/* A static, packed R-tree (sort-tile-recursive) over item bounding boxes.
 * Built once, read from any thread. */
typedef struct _RaIndex RaIndex;

RaIndex *ra_index_new    (const RaBBox *boxes, guint n_boxes);
void     ra_index_free   (RaIndex *index);
/* Appends to out the ids (indices into the boxes array given to new) whose
 * boxes intersect query, in ascending id order (so draw order is stable). */
void     ra_index_query  (const RaIndex *index, const RaBBox *query, GArray *out_guint);
/* The tree nodes such a query reads: how well the tree is packed (tests,
 * benchmarks). */
gsize    ra_index_query_visits (const RaIndex *index, const RaBBox *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaIndex, ra_index_free)

G_END_DECLS
