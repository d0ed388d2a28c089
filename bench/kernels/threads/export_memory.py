#!/usr/bin/env python3
"""Adds the export "memory" of memory 0 to a wasm module, in place.

WASI reads and writes the memory an instance exports as "memory"; a module
for wasi-threads imports its shared memory, and also has to export it. wasm-ld
14 (Debian 12's) can import the memory but has no --export-memory (LLVM 15
added it), so the parallel kernels' build adds the export afterwards.

Usage: export_memory.py MODULE.wasm
"""
import sys

EXPORT_SECTION = 7
MEMORY_KIND = 2
# Sections that must come after the export section (start, element, data
# count, code, data); a module without exports gets its export section
# before the first of them.
AFTER_EXPORTS = {8, 9, 12, 10, 11}


def read_leb(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def leb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def sections(data):
    """(id, payload) of each section after the 8-byte header."""
    at = 8
    while at < len(data):
        section_id = data[at]
        size, at = read_leb(data, at + 1)
        yield section_id, data[at:at + size]
        at += size


def with_memory_export(data):
    if data[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    entry = leb(len(b"memory")) + b"memory" + bytes([MEMORY_KIND]) + leb(0)
    out, added = bytearray(data[:8]), False
    for section_id, payload in sections(data):
        if not added and (section_id == EXPORT_SECTION or section_id in AFTER_EXPORTS):
            count, rest = 0, b""
            if section_id == EXPORT_SECTION:
                count, at = read_leb(payload, 0)
                rest = payload[at:]
            exports = leb(count + 1) + rest + entry
            out += bytes([EXPORT_SECTION]) + leb(len(exports)) + exports
            added = True
            if section_id == EXPORT_SECTION:
                continue
        out += bytes([section_id]) + leb(len(payload)) + payload
    if not added:
        raise ValueError("no section to put the export before")
    return bytes(out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    with open(path, "rb") as module:
        data = module.read()
    with open(path, "wb") as module:
        module.write(with_memory_export(data))
