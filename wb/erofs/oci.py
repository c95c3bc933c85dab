#!/usr/bin/env python3
"""Publish an erofs image as a one-layer OCI image in a static registry tree:
oci.py IMAGE REGDIR REPOSITORY.

REGDIR/v2/REPOSITORY/manifests/latest is the manifest, REGDIR/v2/REPOSITORY/
blobs/sha256:HEX the config and the layer (the image), as the registry API
paths that erofs-utils' OCI client asks for.
"""
import hashlib
import json
import os
import shutil
import sys

image, reg, repo = sys.argv[1:4]
base = os.path.join(reg, "v2", repo)
os.makedirs(os.path.join(base, "blobs"), exist_ok=True)
os.makedirs(os.path.join(base, "manifests"), exist_ok=True)


def blob(data=None, path=None):
    if path:
        with open(path, "rb") as f:
            data = f.read()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(os.path.join(base, "blobs", digest), "wb") as f:
        f.write(data)
    return {"digest": digest, "size": len(data)}


layer = blob(path=image)
config = blob(json.dumps({
    "architecture": "amd64", "os": "linux",
    "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]},
}).encode())
manifest = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": dict(mediaType="application/vnd.oci.image.config.v1+json", **config),
    "layers": [dict(mediaType="application/vnd.erofs.layer.v1", **layer)],
}
with open(os.path.join(base, "manifests", "latest"), "w") as f:
    json.dump(manifest, f)
