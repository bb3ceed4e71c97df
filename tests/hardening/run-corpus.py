#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs every input of the bad-input corpus through one CLI command (TAP).

Usage: run-corpus.py CLI CORPUS_DIR info|render|import [--timeout S] [--only SUBSTRING]

For each line of CORPUS_DIR/manifest.tsv (see tests/corpus/make-corpus.py):
- the command runs with a time bound (default 20 s; a hang is a failure);
- death by a signal, or a sanitizer report on stderr, is a failure;
- the exit status matches the expectation (ok / error / any);
- on error, stderr is exactly one line "reclaim-atlas-cli: ..." naming the
  input file (import: every line names it; the last is the verdict);
- the message column of the command (a regular expression), when set, is
  found in stdout + stderr: the error or warning the input must give;
- nothing read through an XML external entity shows up in the output, and
  no connection reaches the entity's http:// address;
- import: into a fresh sample project; after a failed import the row counts
  are unchanged, and PRAGMA integrity_check says ok after every import.
"""
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

TABLES = ("counties", "plants", "projects", "pipelines", "built_up_areas", "indicators", "audit")
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "ERROR: UndefinedBehaviorSanitizer")
ENTITY_PORT = 47653


def project_state(path):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        counts = {}
        for t in TABLES:
            try:
                counts[t] = con.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0]
            except sqlite3.Error:
                counts[t] = None
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    return counts, integrity


def file_digest(path):
    import hashlib
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def as_project_problems(cli, path, base, corpus, env, work, timeout):
    import shutil
    problems = []
    copy = os.path.join(work, "as-project-" + base)
    shutil.copy(path, copy)
    digest = file_digest(copy)
    data = os.path.join(corpus, "shp", "valid.shp")
    try:
        r = subprocess.run([cli, "import", copy, data, "--into", "built_up_areas"], env=env, cwd=work,
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return ["as project: hang"]
    err = r.stderr.decode("utf-8", "replace")
    lines = [l for l in err.split("\n") if l]
    if r.returncode < 0:
        problems.append("as project: crash (signal %d)" % -r.returncode)
    elif r.returncode == 0:
        problems.append("as project: import into it succeeded")
    elif len(lines) != 1 or os.path.basename(copy) not in lines[0]:
        problems.append("as project: expected one line naming the file, got %r" % err[:300])
    if file_digest(copy) != digest:
        problems.append("as project: the refused file was modified")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(copy + suffix):
            os.unlink(copy + suffix)
    return problems


def main():
    args = sys.argv[1:]
    timeout = 20.0
    only = None
    if "--timeout" in args:
        i = args.index("--timeout")
        timeout = float(args[i + 1])
        del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only")
        only = args[i + 1]
        del args[i:i + 2]
    if len(args) != 3 or args[2] not in ("info", "render", "import"):
        print(__doc__, file=sys.stderr)
        return 2
    cli, corpus, command = os.path.abspath(args[0]), os.path.abspath(args[1]), args[2]
    column = {"info": 2, "render": 3, "import": 4}[command]
    entries = []
    with open(os.path.join(corpus, "manifest.tsv"), encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            e = line.rstrip("\n").split("\t")
            if only is None or only in e[0]:
                entries.append(e)

    env = dict(os.environ)
    env.setdefault("LC_ALL", "C.UTF-8")
    # A proxy would hide a fetch of the entity's URL from the listener.
    for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        env.pop(k, None)

    work = tempfile.mkdtemp(prefix="ra-hardening-%s-" % command)
    project = os.path.join(work, "project.sqlite")
    if command == "import":
        subprocess.run([cli, "sample", "zhangye", project], check=True, env=env,
                       stdout=subprocess.DEVNULL, timeout=120)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", ENTITY_PORT))
        listener.listen(8)
        listener.setblocking(False)
    except OSError:
        listener.close()
        listener = None

    print("1..%d" % len(entries))
    n_failed = 0
    slowest = (0.0, "")
    for n, e in enumerate(entries, 1):
        name, rel, expect, into = e[0], e[1], e[column], e[5]
        want_msg = e[column + 5] if len(e) > column + 5 else ""
        # "{corpus}" stands for the corpus folder inside a GDAL virtual path.
        path = rel.replace("{corpus}", corpus) if "{corpus}" in rel else os.path.join(corpus, rel)
        base = os.path.basename(rel)
        raw = os.fsencode(base)
        try:
            shown = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw.decode("gb18030", "replace")   # a GBK file name is printed decoded
        problems = []
        if command == "info":
            argv = [cli, "info", path]
        elif command == "render":
            out = os.path.join(work, "out.png")
            if os.path.exists(out):
                os.unlink(out)
            argv = [cli, "render", path, "--out", out, "--size", "400x300"]
        else:
            argv = [cli, "import", project, path, "--into", into]
            before, _ = project_state(project)

        start = time.monotonic()
        try:
            r = subprocess.run(argv, env=env, cwd=work, capture_output=True, timeout=timeout)
            rc, stdout, stderr = r.returncode, r.stdout, r.stderr
        except subprocess.TimeoutExpired as t:
            rc, stdout, stderr = None, t.stdout or b"", t.stderr or b""
            problems.append("hang: no exit within %g s" % timeout)
        elapsed = time.monotonic() - start
        if elapsed > slowest[0]:
            slowest = (elapsed, name)
        err = stderr.decode("utf-8", "replace")
        outtext = stdout.decode("utf-8", "replace")

        if rc is not None and rc < 0:
            problems.append("crash: killed by signal %d" % -rc)
        for mark in SANITIZER_MARKS:
            if mark in err:
                problems.append("sanitizer report: %s" % mark)
        if "root:x:0:0" in err or "root:x:0:0" in outtext:
            problems.append("an external entity was expanded (/etc/passwd in the output)")
        if listener is not None:
            try:
                conn, _ = listener.accept()
                conn.close()
                problems.append("an external entity was fetched over http")
            except (BlockingIOError, OSError):
                pass

        if rc is not None and rc >= 0:
            if expect == "ok" and rc != 0:
                problems.append("expected success, got exit %d" % rc)
            if expect == "error" and rc == 0:
                problems.append("expected an error, got exit 0")
            if rc != 0:
                lines = [l for l in err.split("\n") if l != ""]
                if not lines:
                    problems.append("non-zero exit without a message")
                elif command != "import" and len(lines) != 1:
                    problems.append("%d lines on stderr, expected one" % len(lines))
                for l in lines if command == "import" else lines[-1:]:
                    if not l.startswith("reclaim-atlas-cli: "):
                        problems.append("stderr line not from the CLI: %r" % l[:200])
                    elif base not in l and rel not in l and shown not in l:
                        problems.append("stderr line does not name %s: %r" % (base, l[:200]))
                if lines and len(lines[-1]) < len("reclaim-atlas-cli: ") + len(shown) + 8:
                    problems.append("message too short to name a problem: %r" % lines[-1])
            if want_msg and not re.search(want_msg, outtext + err, re.S):
                problems.append("output lacks the expected message /%s/" % want_msg)
            if command == "render" and rc == 0 and not os.path.exists(out):
                problems.append("exit 0 but no image written")

        if command == "import":
            after, integrity = project_state(project)
            if integrity != "ok":
                problems.append("project integrity_check: %s" % integrity)
            if rc != 0 and after != before:
                changed = {t: (before[t], after[t]) for t in TABLES if before[t] != after[t]}
                problems.append("failed import changed the project: %s" % changed)

        # Project-like files are also tried as the project of an import:
        # refused with one line naming them, and not modified.
        if command == "import" and rel.endswith((".sqlite", ".gpkg")) and not os.path.isdir(path) \
                and "{corpus}" not in rel:
            problems += as_project_problems(cli, path, base, corpus, env, work, timeout)

        summary = (err.strip().split("\n") or [""])[-1][:160]
        if problems:
            n_failed += 1
            print("not ok %d - %s %s (%s)" % (n, command, name, "; ".join(problems)))
            print("# exit %s in %.1f s; stderr: %s" % (rc, elapsed, err.strip().replace("\n", "\n#   ")[:2000]))
        else:
            print("ok %d - %s %s (exit %s, %.1f s) %s" % (n, command, name, rc, elapsed,
                                                       ("# " + summary) if rc else ""))
        sys.stdout.flush()

    print("# %d inputs, %d failed; slowest %s %.1f s" % (len(entries), n_failed, slowest[1], slowest[0]))
    if listener is not None:
        listener.close()
    subprocess.run(["rm", "-rf", work])
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
