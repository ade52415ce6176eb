#!/usr/bin/env python3
"""Groups Picovoice's coffee orders by voice, since the set names no speakers, and splits the groups into a
tuning and a held-out part: writes "file<TAB>voice<TAB>split" lines (scripts/speech-data/coffee-orders-voices.tsv).

Each crowd-sourced speaker recorded about ten orders with their own microphone in their own room, so a recording's
long-term average spectrum (the share of its power in each of 14 bands) is mostly the
speaker's voice and channel. Recordings are grouped by average-linkage clustering on those vectors into about as many
groups as the benchmark has speakers; whole groups go to one part, so the held-out part holds (mostly) voices the
tuning never heard. It is an approximation: two speakers with similar set-ups may share a group.

usage: scripts/group-coffee-order-voices.py DIR/clean > scripts/speech-data/coffee-orders-voices.tsv   (needs sox)
"""
import math
import os
import subprocess
import sys

BANDS = [(100, 200), (200, 300), (300, 450), (450, 650), (650, 900), (900, 1200), (1200, 1600), (1600, 2100),
         (2100, 2800), (2800, 3600), (3600, 4600), (4600, 5800), (5800, 7000), (7000, 7900)]
GROUPS = 55  # "more than 50 unique speakers, about ten utterances each" for 619 orders


def features(path):
    # sox's 4096-point power spectra, every window of the recording: averaged per band, in dB relative to the whole
    out = subprocess.run(["sox", path, "-n", "stat", "-freq"], capture_output=True, text=True, check=True).stderr
    power = [0.0] * len(BANDS)
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 2:
            continue
        try:
            frequency, value = float(parts[0]), float(parts[1])
        except ValueError:
            continue
        for b, (low, high) in enumerate(BANDS):
            if low <= frequency < high:
                power[b] += value
                break
    total = sum(power) or 1e-12
    return [10 * math.log10(max(p, 1e-12) / total) for p in power]


def main():
    directory = sys.argv[1]
    files = sorted(f for f in os.listdir(directory) if f.endswith(".wav"))
    vectors = [features(os.path.join(directory, f)) for f in files]
    clusters = {i: [i] for i in range(len(files))}
    between = {i: {j: math.dist(vectors[i], vectors[j]) for j in clusters if j != i} for i in clusters}
    while len(clusters) > GROUPS:
        a, b = min(((a, b) for a in between for b in between[a] if a < b), key=lambda k: between[k[0]][k[1]])
        na, nb = len(clusters[a]), len(clusters[b])
        clusters[a].extend(clusters.pop(b))
        row_b = between.pop(b)
        for c in between:
            if c != a:
                # average linkage (Lance-Williams): the mean distance between the members of the two groups
                between[c][a] = between[a][c] = (na * between[a][c] + nb * row_b[c]) / (na + nb)
                del between[c][b]
        del between[a][b]

    # Groups in order of their first file; every other one is held out, so both parts get large and small groups.
    ordered = sorted(clusters.values(), key=lambda members: min(members))
    for number, members in enumerate(ordered, 1):
        split = "held-out" if number % 2 == 0 else "tuning"
        for m in sorted(members):
            print(f"{files[m]}\tv{number:02d}\t{split}")


if __name__ == "__main__":
    main()
