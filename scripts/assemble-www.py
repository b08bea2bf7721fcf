#!/usr/bin/python3
"""Gathers the web root, build/www, from web/, shell.html and the built client.

Every file keeps its plain name (no-cache: /embed.js and tools load those) and, for
what the page loads, also gets a content-hashed copy (name.<10 hex>.ext) that the
server lets browsers keep for a year: a new build has new names, so a returning
visitor downloads only what changed. index.html is shell.html pointing at the hashed
copies, with the map from plain to hashed names ("urls") and the files' sizes
("bytes", for the loading bar: a compressed download's Content-Length is not the size
the browser hands the page) in its "salotto-assets" data block for the scripts that
load the rest (web/shell.js: salottoAsset(), salottoAssetBytes()). The worklets and
the audio worker import modules by relative names, which their hashed copies point at
those modules' hashed copies. Beside every .html, .js, .css, .wasm and .ttf file go gzip and brotli copies
(.gz, .br), which the server sends to browsers that accept them.

usage: assemble-www.py WASM_BUILD_DIR OUT_DIR
"""
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HASHED = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{10}(?P<ext>\.[a-z0-9]+)$")
COMPRESSED_SUFFIXES = {".html", ".js", ".css", ".wasm", ".ttf"}
# Loaded by the page (the emoji font after the first screen), in this order: a file's
# hashed copy can only point at the hashed copies of files before it.
PAGE_FILES = ["emoji.ttf", "worklet-codec.js", "capture-worklet.js", "playback-worklet.js",
              "track-capture.js", "audio-net-worker.js", "audio-engine.js", "shell.js", "shell.css",
              "salotto.js", "salotto.wasm", "salotto-audio.wasm"]

# Imported by relative name ('./name.js') from the worklets and the audio worker.
MODULES_IMPORTED = ["worklet-codec.js", "track-capture.js"]


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def hashed_name(name: str, data: bytes) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"


def compress(path: Path) -> None:
    gz = path.with_name(path.name + ".gz")
    if not gz.exists() or gz.stat().st_mtime < path.stat().st_mtime:
        gz.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    br = path.with_name(path.name + ".br")
    if not br.exists() or br.stat().st_mtime < path.stat().st_mtime:
        subprocess.run(["brotli", "-q", "11", "-n", "-f", "-o", str(br), str(path)], check=True)


def main() -> None:
    wasm_build, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    # web/*.html: pages of their own, e.g. the embedding demo (/embed-demo).
    sources = {p.name: p for p in (ROOT / "web").iterdir() if p.suffix in (".js", ".css", ".html")}
    for name in ("salotto.js", "salotto.wasm", "salotto-audio.wasm", "emoji.ttf"):
        sources[name] = wasm_build / "src" / "client" / name
    for name, source in sources.items():
        write_if_changed(out / name, source.read_bytes())

    assets, sizes = {}, {}
    for name in PAGE_FILES:
        data = (out / name).read_bytes()
        for module in MODULES_IMPORTED:
            if module in assets:
                data = data.replace(f"'./{module}'".encode(), f"'.{assets[module]}'".encode())
        hashed = hashed_name(name, data)
        write_if_changed(out / hashed, data)
        assets[name] = "/" + hashed
        sizes[name] = len(data)

    page = (ROOT / "shell.html").read_text()
    for name in ("shell.css", "shell.js", "audio-engine.js"):
        page = page.replace(f'"/{name}"', f'"{assets[name]}"')
    page = page.replace('<script id="salotto-assets" type="application/json">{}</script>',
                        '<script id="salotto-assets" type="application/json">' +
                        json.dumps({"urls": assets, "bytes": sizes}, sort_keys=True) +
                        "</script>")
    write_if_changed(out / "index.html", page.encode())

    # Hashed copies of earlier builds: nothing points at them any more.
    current = {a.lstrip("/") for a in assets.values()}
    for path in out.iterdir():
        base = path.name.removesuffix(".gz").removesuffix(".br")
        if HASHED.match(base) and base not in current:
            path.unlink()
    for path in list(out.iterdir()):
        if path.suffix in COMPRESSED_SUFFIXES:
            compress(path)


if __name__ == "__main__":
    main()
