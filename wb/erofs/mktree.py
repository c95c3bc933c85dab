#!/usr/bin/env python3
"""The tree the erofs test images are made of: mktree.py DIR.

Seeded, so every build makes the same tree: files from empty to several MiB
(sizes around block boundaries, random bytes that do not compress, text that
does), nested directories, a directory of many entries (so that it spans
several blocks), short and long symlinks.
"""
import os
import random
import sys

root = sys.argv[1]
rnd = random.Random(20261207)
words = [w.encode() for w in
         "fanotify pre content event range offset count hole fetch fill "
         "registry layer blob manifest erofs cache sparse daemon answer".split()]


def text(n):
    out = bytearray()
    while len(out) < n:
        out += rnd.choice(words) + (b"\n" if rnd.random() < 0.1 else b" ")
    return bytes(out[:n])


def put(path, data):
    path = os.path.join(root, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


put("empty", b"")
put("one", b"x")
for n in (4095, 4096, 4097, 12289):
    put("sizes/%d" % n, rnd.randbytes(n))
put("text/64k.txt", text(65536))
put("text/2m.txt", text(2 << 20))
put("random/1m.bin", rnd.randbytes(1 << 20))
put("random/3m.bin", rnd.randbytes(3 << 20))
put("mixed/5m.bin", b"".join(rnd.randbytes(65536) if i % 2 else text(65536)
                             for i in range(80)))
for i in range(300):
    put("many/file-%03d" % i, text(rnd.randrange(0, 3000)))
put("a/b/c/d/e/deep.txt", text(10000))
os.symlink("../one", os.path.join(root, "a/short-link"))
os.symlink("x" * 3000, os.path.join(root, "a/long-link"))
