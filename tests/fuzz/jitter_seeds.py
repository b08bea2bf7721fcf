#!/usr/bin/python3
# Writes the binary seeds of fuzz_jitter_buffer into corpus/jitter_buffer/, in the
# input format described at the top of jitter_buffer_fuzz.cpp. Rerun after changing
# that format.
import os
import struct

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "jitter_buffer")


def push(payload, level, arrival_half_ms, mode=0, extra=b""):
    """mode 0: the next frame; 1: extra = int8 steps of 2.5 ms; 2: extra = 32-bit delta;
    3: the same timestamp again."""
    return bytes([mode << 1]) + extra + bytes([arrival_half_ms, level, len(payload)]) + payload


def pull(kind):  # 0: 128 samples, 1: 480, 2: 960
    return bytes([1 | (kind << 1)])


silk20 = bytes([0x0B << 3]) + bytes(range(1, 30))  # TOC: SILK wideband 20 ms
celt10 = bytes([0x1D << 3]) + bytes([0x55] * 40)  # TOC: CELT fullband 10 ms

# A steady stream of 20 ms packets, pulled in 10 ms steps; default config.
steady = bytes([0])
for _ in range(12):
    steady += push(silk20, 60, 40) + pull(1) * 2

# 10 ms packets with a reorder, a duplicate, a timestamp jump across the 32-bit wrap
# and a late burst, quiet levels; min delay 20 ms, max concealed run 9 frames.
reorder = bytes([0x41])
for _ in range(6):
    reorder += push(celt10, 10, 20)
reorder += push(celt10, 90, 10, mode=1, extra=bytes([0xFE]))
reorder += push(celt10, 90, 1, mode=3)
reorder += push(celt10, 90, 200, mode=2, extra=struct.pack(">I", 0xFFFFF000))
reorder += bytes([8]) + bytes([0x01, 0x00, 5, len(celt10)]) + celt10  # 256 ms later
reorder += pull(0) * 20 + pull(2) * 3 + bytes([7, 0xFF])

for name, data in (("steady_20ms", steady), ("reorder_jump", reorder)):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
