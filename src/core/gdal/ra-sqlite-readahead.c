/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A shim over SQLite's default VFS that reads a read-only database in
 * 64 KB windows while it is read sequentially (see ra-sqlite-readahead.h).
 * Every call goes to the VFS underneath; only xRead of a main database
 * opened read-only may be served from the window. */
#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "ra-sqlite-readahead.h"

#define RA_READAHEAD_WINDOW (64 * 1024)
/* Reads this close after the last one count as "page after page" (the
 * next page of an overflow chain, or the next leaf). */
#define RA_READAHEAD_NEAR (64 * 1024)
/* Windows are read after this many such reads in a row. */
#define RA_READAHEAD_AFTER 3

typedef struct {
  sqlite3_file   base;
  sqlite3_file  *real;        /* right after this struct */
  guchar        *buf;         /* (nullable) the window */
  sqlite3_int64  buf_off;
  sqlite3_int64  last_off;
  sqlite3_int64  size;        /* the file's size while the window lives; -1 unknown */
  int            buf_len;
  int            run;         /* nearby reads in a row */
  gboolean       readahead;   /* a main database opened read-only */
} RaFile;

/* The file of the VFS underneath follows the struct: 8-byte aligned. */
G_STATIC_ASSERT (sizeof (RaFile) % 8 == 0);

static sqlite3_vfs *parent;
static sqlite3_vfs shim;
static guint n_windows;

#define REAL(f) (((RaFile *) (f))->real)
#define RM(f) (REAL (f)->pMethods)

/* Any lock change or write ends what the window may hold. */
static void
drop_window (sqlite3_file *f)
{
  RaFile *p = (RaFile *) f;

  p->buf_len = 0;
  p->size = -1;
  p->run = 0;
}

static int
ra_close (sqlite3_file *f)
{
  RaFile *p = (RaFile *) f;
  int rc = RM (f)->xClose (REAL (f));

  g_clear_pointer (&p->buf, g_free);
  return rc;
}

static int
ra_read (sqlite3_file *f, void *dst, int amt, sqlite3_int64 off)
{
  RaFile *p = (RaFile *) f;

  if (p->buf_len > 0 && off >= p->buf_off && off + amt <= p->buf_off + p->buf_len)
    {
      memcpy (dst, p->buf + (off - p->buf_off), (size_t) amt);
      return SQLITE_OK;
    }
  if (p->readahead && amt > 0 && amt < RA_READAHEAD_WINDOW)
    {
      /* A GeoPackage's blobs are overflow chains laid out one after the
       * other, with a leaf page read now and then somewhere else: a read
       * that starts where the window ends (or in it) continues it; the
       * leaf pages in between are read as they are and leave the window
       * alone.  The first window comes after a few nearby reads. */
      gboolean cont = p->buf_len > 0 && off >= p->buf_off && off <= p->buf_off + p->buf_len;

      if (!cont)
        {
          gboolean near = off >= p->last_off && off - p->last_off <= RA_READAHEAD_NEAR;

          p->run = near ? p->run + 1 : 0;
          p->last_off = off;
        }
      if (cont || p->run >= RA_READAHEAD_AFTER)
        {
          sqlite3_int64 size = p->size, n;

          if (size < 0 && RM (f)->xFileSize (REAL (f), &size) == SQLITE_OK)
            p->size = size;
          n = MIN ((sqlite3_int64) RA_READAHEAD_WINDOW, size - off);
          if (size >= 0 && n >= amt)
            {
              if (p->buf == NULL)
                p->buf = g_malloc (RA_READAHEAD_WINDOW);
              if (RM (f)->xRead (REAL (f), p->buf, (int) n, off) == SQLITE_OK)
                {
                  p->buf_off = off;
                  p->buf_len = (int) n;
                  g_atomic_int_inc (&n_windows);
                  memcpy (dst, p->buf, (size_t) amt);
                  return SQLITE_OK;
                }
              p->buf_len = 0;
            }
        }
    }
  return RM (f)->xRead (REAL (f), dst, amt, off);
}

static int
ra_write (sqlite3_file *f, const void *src, int amt, sqlite3_int64 off)
{
  drop_window (f);
  return RM (f)->xWrite (REAL (f), src, amt, off);
}

static int
ra_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  drop_window (f);
  return RM (f)->xTruncate (REAL (f), size);
}

static int
ra_sync (sqlite3_file *f, int flags)
{
  return RM (f)->xSync (REAL (f), flags);
}

static int
ra_file_size (sqlite3_file *f, sqlite3_int64 *size)
{
  return RM (f)->xFileSize (REAL (f), size);
}

static int
ra_lock (sqlite3_file *f, int level)
{
  drop_window (f);
  return RM (f)->xLock (REAL (f), level);
}

static int
ra_unlock (sqlite3_file *f, int level)
{
  drop_window (f);
  return RM (f)->xUnlock (REAL (f), level);
}

static int
ra_check_reserved_lock (sqlite3_file *f, int *out)
{
  return RM (f)->xCheckReservedLock (REAL (f), out);
}

static int
ra_file_control (sqlite3_file *f, int op, void *arg)
{
  drop_window (f);
  return RM (f)->xFileControl (REAL (f), op, arg);
}

static int
ra_sector_size (sqlite3_file *f)
{
  return RM (f)->xSectorSize (REAL (f));
}

static int
ra_device_characteristics (sqlite3_file *f)
{
  return RM (f)->xDeviceCharacteristics (REAL (f));
}

static int
ra_shm_map (sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
  drop_window (f);
  if (RM (f)->iVersion < 2)
    return SQLITE_IOERR;
  return RM (f)->xShmMap (REAL (f), pg, pgsz, extend, pp);
}

static int
ra_shm_lock (sqlite3_file *f, int offset, int n, int flags)
{
  drop_window (f);
  if (RM (f)->iVersion < 2)
    return SQLITE_IOERR;
  return RM (f)->xShmLock (REAL (f), offset, n, flags);
}

static void
ra_shm_barrier (sqlite3_file *f)
{
  drop_window (f);
  if (RM (f)->iVersion >= 2)
    RM (f)->xShmBarrier (REAL (f));
}

static int
ra_shm_unmap (sqlite3_file *f, int delete_flag)
{
  drop_window (f);
  if (RM (f)->iVersion < 2)
    return SQLITE_OK;
  return RM (f)->xShmUnmap (REAL (f), delete_flag);
}

static int
ra_fetch (sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
  *pp = NULL;
  if (RM (f)->iVersion < 3)
    return SQLITE_OK;
  return RM (f)->xFetch (REAL (f), off, amt, pp);
}

static int
ra_unfetch (sqlite3_file *f, sqlite3_int64 off, void *ptr)
{
  if (RM (f)->iVersion < 3)
    return SQLITE_OK;
  return RM (f)->xUnfetch (REAL (f), off, ptr);
}

static const sqlite3_io_methods ra_methods = {
  3,
  ra_close, ra_read, ra_write, ra_truncate, ra_sync, ra_file_size,
  ra_lock, ra_unlock, ra_check_reserved_lock, ra_file_control,
  ra_sector_size, ra_device_characteristics,
  ra_shm_map, ra_shm_lock, ra_shm_barrier, ra_shm_unmap,
  ra_fetch, ra_unfetch,
};

static int
ra_open (sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
  RaFile *p = (RaFile *) file;
  int rc;

  (void) vfs;
  memset (p, 0, sizeof *p);
  p->real = (sqlite3_file *) (p + 1);
  p->size = -1;
  p->readahead = (flags & SQLITE_OPEN_MAIN_DB) != 0 && (flags & SQLITE_OPEN_READONLY) != 0;
  rc = parent->xOpen (parent, name, p->real, flags, out_flags);
  /* xClose is called when pMethods is set, even after a failure. */
  p->base.pMethods = p->real->pMethods != NULL ? &ra_methods : NULL;
  return rc;
}

gboolean
ra_sqlite_readahead_install (void)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      parent = sqlite3_vfs_find (NULL);
      /* Every method but xOpen is the parent's own (they do not depend
       * on the size of a file object): the parent must have them all. */
      if (parent != NULL && parent->iVersion >= 3)
        {
          shim = *parent;
          shim.szOsFile = (int) sizeof (RaFile) + parent->szOsFile;
          shim.zName = "ra-readahead";
          shim.pNext = NULL;
          shim.xOpen = ra_open;
          ok = sqlite3_vfs_register (&shim, 1) == SQLITE_OK;
        }
      g_once_init_leave (&done, 1);
    }
  return ok;
}

guint
ra_sqlite_readahead_n_windows (void)
{
  return (guint) g_atomic_int_get (&n_windows);
}
