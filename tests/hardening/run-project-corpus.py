#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs every damaged project of the corpus through the four project
commands of the CLI (TAP): check, export, table and network (issue 14).

Usage: run-project-corpus.py CLI CORPUS_DIR [--timeout S] [--only SUBSTRING]

For each line of CORPUS_DIR/projects.tsv (see make_damaged_projects in
tests/corpus/make-corpus.py) and each command:
- the command runs with a time bound (default 20 s; a hang is a failure);
- death by a signal, or a sanitizer report on stderr, is a failure;
- ok: exit 0 and no warning on stderr;
  warn: exit 0 and at least one line "reclaim-atlas-cli: warning: ..."
  naming the project file;
  error: non-zero exit and exactly one line on stderr, "reclaim-atlas-cli:
  ..." naming the project file;
- the message column (a regular expression), when set, is found in stdout +
  stderr;
- the project file is byte for byte the same afterwards: reading a project,
  damaged or not, never writes to it.
"""
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time

COMMANDS = ("check", "export", "table", "network")
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "ERROR: UndefinedBehaviorSanitizer")
PREFIX = "reclaim-atlas-cli: "
WARNING = "reclaim-atlas-cli: warning: "


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def argv_for(cli, command, path, work):
    if command == "export":
        return [cli, "export", path, "--out", os.path.join(work, "map.pdf")]
    if command == "table":
        return [cli, "table", path, "--appendix", "1", "--out", os.path.join(work, "table.csv")]
    return [cli, command, path]


def remove_side_files(path):
    # A view-only reader of a WAL project leaves its (empty) WAL files.
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)


def judge(expect, want_msg, rc, out, err, base):
    problems = []
    lines = [l for l in err.split("\n") if l != ""]
    warnings = [l for l in lines if l.startswith(WARNING)]
    if rc is None:
        return problems
    if rc < 0:
        return ["crash: killed by signal %d" % -rc]
    for mark in SANITIZER_MARKS:
        if mark in err:
            problems.append("sanitizer report: %s" % mark)
    if expect in ("ok", "warn") and rc != 0:
        problems.append("expected success (%s), got exit %d" % (expect, rc))
    if expect == "error" and rc == 0:
        problems.append("expected an error, got exit 0")
    if expect == "ok" and warnings:
        problems.append("unexpected warning: %r" % warnings[0][:200])
    if expect == "warn" and rc == 0:
        if not warnings:
            problems.append("expected a warning on stderr, got none")
        for l in warnings:
            if base not in l:
                problems.append("warning does not name %s: %r" % (base, l[:200]))
    if rc != 0:
        if len(lines) != 1:
            problems.append("%d lines on stderr, expected one" % len(lines))
        if lines:
            last = lines[-1]
            if not last.startswith(PREFIX):
                problems.append("stderr line not from the CLI: %r" % last[:200])
            elif base not in last:
                problems.append("stderr line does not name %s: %r" % (base, last[:200]))
            if len(last) < len(PREFIX) + len(base) + 8:
                problems.append("message too short to name a problem: %r" % last)
        else:
            problems.append("non-zero exit without a message")
    if want_msg and not re.search(want_msg, out + err):
        problems.append("output lacks the expected message /%s/" % want_msg)
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
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    cli, corpus = os.path.abspath(args[0]), os.path.abspath(args[1])
    entries = []
    with open(os.path.join(corpus, "projects.tsv"), encoding="utf-8") as f:
        for line in f:
            e = line.rstrip("\n").split("\t")
            if len(e) != 10:
                print("Bail out! projects.tsv: %d columns in %r" % (len(e), line[:80]))
                return 1
            if only is None or only in e[0]:
                entries.append(e)
    if not entries:
        print("1..0 # SKIP no damaged projects (the corpus was made without a sample)")
        return 0

    env = dict(os.environ)
    env.setdefault("LC_ALL", "C.UTF-8")
    work = tempfile.mkdtemp(prefix="ra-hardening-project-")

    print("1..%d" % (len(entries) * len(COMMANDS)))
    n, n_failed = 0, 0
    slowest = (0.0, "")
    for e in entries:
        name, rel = e[0], e[1]
        path = os.path.join(corpus, rel)
        base = os.path.basename(rel)
        for k, command in enumerate(COMMANDS):
            n += 1
            expect, want_msg = e[2 + 2 * k], e[3 + 2 * k]
            before = digest(path)
            start = time.monotonic()
            problems = []
            try:
                r = subprocess.run(argv_for(cli, command, path, work), env=env, cwd=work,
                                   capture_output=True, timeout=timeout)
                rc, stdout, stderr = r.returncode, r.stdout, r.stderr
            except subprocess.TimeoutExpired as t:
                rc, stdout, stderr = None, t.stdout or b"", t.stderr or b""
                problems.append("hang: no exit within %g s" % timeout)
            elapsed = time.monotonic() - start
            if elapsed > slowest[0]:
                slowest = (elapsed, "%s %s" % (command, name))
            out = stdout.decode("utf-8", "replace")
            err = stderr.decode("utf-8", "replace")
            problems += judge(expect, want_msg, rc, out, err, base)
            if digest(path) != before:
                problems.append("the project file was modified")
            remove_side_files(path)

            summary = (err.strip().split("\n") or [""])[-1][:160]
            if problems:
                n_failed += 1
                print("not ok %d - %s %s (%s)" % (n, command, name, "; ".join(problems)))
                print("# exit %s in %.1f s; stderr: %s" % (rc, elapsed,
                                                         err.strip().replace("\n", "\n#   ")[:2000]))
            else:
                print("ok %d - %s %s [%s] (exit %s, %.1f s)%s" % (n, command, name, expect, rc, elapsed,
                                                                (" # " + summary) if err.strip() else ""))
            sys.stdout.flush()

    print("# %d projects x %d commands, %d failed; slowest %s %.1f s"
          % (len(entries), len(COMMANDS), n_failed, slowest[1], slowest[0]))
    subprocess.run(["rm", "-rf", work])
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
