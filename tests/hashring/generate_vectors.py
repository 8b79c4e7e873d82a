#!/usr/bin/env python3
"""generate_vectors.py - write the hash-ring parity vectors.

Every ring and every lookup in the output comes from Graphite carbon's own
carbon.hashing.ConsistentHashRing (imported from the unpacked Debian package,
see generate-vectors.sh). This script only chooses node sets and metric names,
and searches for node sets whose ring positions collide.

Output (gzip, UTF-8 text, one record per line, deterministic):
    polymur-hashring-vectors 1
    source <package version> carbon/hashing.py
    names <N>
    <N metric names, one per line, raw UTF-8>
    rings <R>
    then R times:
    ring <label> <hash_type> <replicas> <node count> <wraps> <exact hits>
    node <hex(server)> <hex(instance) or -> <hex(str((server, instance)))>
    entries <count> <position>:<node index> ...    (the ring, in order)
    lookups <one base-36 digit per name: index of the node get_node() named>
    end
<wraps>: names whose position is past the last ring entry (lookup wraps to
the first entry); <exact hits>: names whose position equals a ring entry.
"""

import argparse
import collections
import gzip
import os
import random
import sys

NAME_COUNT = 60000
SEED = 20240601
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

ASCII_WORDS = [
    "servers", "stats", "timers", "counters", "gauges", "cpu", "memory", "disk",
    "net", "eth0", "lo", "user", "system", "iowait", "idle", "load", "shortterm",
    "midterm", "longterm", "p50", "p90", "p99", "count", "mean", "upper", "lower",
    "sum", "rate", "requests", "errors", "latency", "api", "web", "db", "cache",
    "queue", "collectd", "carbon", "agents", "metricsReceived", "df-root",
    "df_complex-free", "if_octets", "rx", "tx", "jvm", "heap", "gc", "young",
    "old", "nginx", "haproxy", "backend", "frontend", "2xx", "4xx", "5xx",
    "us-east-1", "eu_west", "k8s", "pod", "container", "Total", "UPPER",
]

# Non-ASCII segments: 2-, 3- and 4-byte UTF-8, combining marks, joiners,
# noncharacters, the highest code point, and separators other than ' '.
UNICODE_WORDS = [
    "café", "naïve", "Größe", "straße", "日本語", "東京", "данные", "сервер",
    "ελληνικά", "עברית", "العربية", "हिन्दी", "한국어", "ไทย", "🚀", "😀",
    "👩\u200d💻", "e\u0301", "\u00a0nbsp", "\ufeffbom", "\uffff", "\U0010ffff",
    "Ω", "µs", "€", "½", "ℕ", "\u2028ls", "\u0085nel", "\u3000ideo", "ｆｕｌｌ",
    "🇫🇷", "𝄞", "ǅ", "ﬁ", "İ", "\u200b",
]

RANGES = [(0x21, 0x7E), (0xA0, 0x2FFF), (0x3000, 0x9FFF), (0xAC00, 0xD7A3),
          (0xE000, 0xFFFF), (0x10000, 0x10FFFF), (0x1F300, 0x1FAFF)]


def random_char(rng):
    low, high = RANGES[rng.randrange(len(RANGES))]
    return chr(rng.randint(low, high))


def graphite_path(rng, unicode_segments):
    parts = []
    for _ in range(rng.randint(2, 8)):
        roll = rng.random()
        if unicode_segments and roll < 0.3:
            parts.append(rng.choice(UNICODE_WORDS) + rng.choice(["", str(rng.randint(0, 99))]))
        elif roll < 0.45:
            parts.append("%s-%03d" % (rng.choice(["web", "db", "cache", "host"]), rng.randint(0, 999)))
        else:
            parts.append(rng.choice(ASCII_WORDS))
    return ".".join(parts)


def make_name(rng):
    roll = rng.random()
    if roll < 0.45:
        return graphite_path(rng, False)
    if roll < 0.65:
        return graphite_path(rng, True)
    if roll < 0.80:
        return "".join(chr(rng.randint(0x21, 0x7E)) for _ in range(rng.randint(1, 64)))
    if roll < 0.90:
        return "".join(random_char(rng) for _ in range(rng.randint(1, 40)))
    if roll < 0.95:
        return ".".join(graphite_path(rng, rng.random() < 0.5) for _ in range(12))[: rng.randint(200, 400)]
    return "".join(random_char(rng) if rng.random() < 0.3 else chr(rng.randint(0x21, 0x7E))
                   for _ in range(rng.randint(1, 3)))


def valid_name(name):
    # A metric name is the line up to the first ' '; the file is split on '\n'.
    return name and " " not in name and "\n" not in name and "\r" not in name


def make_names():
    fixed = ["a", "metric", "carbon.agents.host-a.metricsReceived", "é", "日", "😀",
             "servers.web-001.cpu.total.user", "x" * 1000, "\U0010ffff" * 3]
    rng = random.Random(SEED)
    seen = set()
    names = []
    for name in fixed:
        seen.add(name)
        names.append(name)
    while len(names) < NAME_COUNT:
        name = make_name(rng)
        if valid_name(name) and name not in seen:
            seen.add(name)
            names.append(name)
    return names


def replica_key(node, i, hash_type):
    # Only used to *search* for colliding node sets; the vectors themselves
    # come from carbon's ring, and every search result is checked on it.
    return "%d-%s" % (i, node[1]) if hash_type == "fnv1a_ch" else "%s:%d" % (node, i)


def raw_positions(hashing, node, replicas, hash_type):
    return [hashing.carbonHash(replica_key(node, i, hash_type), hash_type) for i in range(replicas)]


def search_top_collision(hashing, hash_type, make_node, limit=200000):
    """Two nodes that both have a replica at 0xffff: the second is bumped to
    0x10000, past the 16-bit range of any lookup position."""
    found = []
    for n in range(limit):
        node = make_node(n)
        if 0xFFFF in raw_positions(hashing, node, 100, hash_type):
            found.append(node)
            if len(found) == 2:
                return found
    raise SystemExit("no %s top collision found in %d candidates" % (hash_type, limit))


def search_chain_collision(hashing, limit=4000):
    """Three carbon_ch nodes with a replica at the same position: bumps of 1 and 2."""
    owners = collections.defaultdict(set)
    for n in range(limit):
        node = ("10.%d.%d.%d" % (9, n // 250, n % 250 + 1), None)
        for position in raw_positions(hashing, node, 100, "carbon_ch"):
            owners[position].add(node)
            if len(owners[position]) >= 3:
                return sorted(owners[position])
    raise SystemExit("no chain collision found in %d candidates" % limit)


def node_sets(hashing):
    local = lambda *instances: [("127.0.0.1", i) for i in instances]
    top_carbon = search_top_collision(hashing, "carbon_ch", lambda n: ("10.%d.%d.%d" % (8, n // 250, n % 250 + 1), None))
    top_fnv = search_top_collision(hashing, "fnv1a_ch", lambda n: ("10.7.0.%d" % (n % 250 + 1), "i%d" % n))
    chain = search_chain_collision(hashing)
    sets = [
        ("one-plain", 100, [("10.0.0.1", None)]),
        ("one-instance", 100, [("10.0.0.1", "a")]),
        ("two-plain", 100, [("10.0.0.1", None), ("10.0.0.2", None)]),
        ("three-local", 100, local("a", "b", "c")),
        ("four-local", 100, local("a", "b", "c", "d")),
        ("four-mixed", 100, [("10.0.0.1", "a"), ("10.0.0.2", None), ("10.0.0.3", "1"),
                             ("graphite-3.example.com", None)]),
        ("five-plain", 100, [("10.0.1.%d" % i, None) for i in range(1, 6)]),
        ("six-ipv6-names", 100, [("::1", None), ("fe80::1", "a"), ("2001:db8::10", "cache-1"),
                                 ("graphite-1.example.com", None), ("graphite-2.example.com", "2"),
                                 ("localhost", "b")]),
        ("eight-two-per-host", 100, [("10.0.0.%d" % h, i) for h in range(1, 5) for i in ("a", "b")]),
        ("twelve-plain", 100, [("10.0.2.%d" % i, None) for i in range(1, 13)]),
        ("twelve-instances", 100, [("10.0.3.%d" % (i % 3 + 1), "cache%02d" % i) for i in range(1, 13)]),
        ("repr-quoting", 100, [("10.0.0.1", "it's"), ("10.0.0.2", 'say "hi"'), ("10.0.0.3", "both'\""),
                               ("10.0.0.4", "back\\slash"), ("10.0.0.5", "tab\there"), ("10.0.0.6", "del\x7f")]),
        ("collide-top-carbon", 100, top_carbon + [("10.0.0.1", None)]),
        ("collide-chain-carbon", 100, chain + [("10.0.0.1", "a")]),
        ("collide-top-fnv1a", 100, [("10.6.0.1", top_fnv[0][1]), ("10.6.0.2", top_fnv[0][1]),
                                    top_fnv[1], ("10.0.0.1", None)]),
        ("four-local-r1", 1, local("a", "b", "c", "d")),
        ("four-local-r37", 37, local("a", "b", "c", "d")),
        ("seven-mixed-r500", 500, [("10.0.4.%d" % i, None if i % 2 else "n%d" % i) for i in range(1, 8)]),
    ]
    return sets, {"collide-top-carbon": "carbon_ch", "collide-top-fnv1a": "fnv1a_ch",
                  "collide-chain-carbon": "carbon_ch"}


def check_collisions(hashing, label, hash_type, replicas, nodes, ring, expect):
    raw = [p for node in nodes for p in raw_positions(hashing, node, replicas, hash_type)]
    positions = [p for p, _ in ring.ring]
    if len(positions) != len(set(positions)) or len(positions) != len(nodes) * replicas:
        raise SystemExit("%s/%s: carbon ring has unexpected entries" % (label, hash_type))
    duplicates = len(raw) - len(set(raw))
    if expect.get(label) == hash_type:
        if label.startswith("collide-top") and max(positions) < 0x10000:
            raise SystemExit("%s/%s: expected a position bumped past 0xffff" % (label, hash_type))
        if label.startswith("collide-chain") and max(collections.Counter(raw).values()) < 3:
            raise SystemExit("%s/%s: expected a 3-way collision" % (label, hash_type))
    return duplicates, max(positions)


def hexstr(text):
    return text.encode("utf-8").hex()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carbon-dir", required=True)
    parser.add_argument("--carbon-version", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    import carbon.hashing as hashing
    where = os.path.realpath(hashing.__file__)
    if not where.startswith(os.path.realpath(args.carbon_dir) + os.sep):
        raise SystemExit("carbon.hashing was imported from %s, not from %s" % (where, args.carbon_dir))

    names = make_names()
    sets, expect = node_sets(hashing)

    out = ["polymur-hashring-vectors 1",
           "source %s carbon/hashing.py" % args.carbon_version,
           "names %d" % len(names)]
    out.extend(names)
    out.append("rings %d" % (2 * len(sets)))
    for label, replicas, nodes in sets:
        for hash_type in ("carbon_ch", "fnv1a_ch"):
            ring = hashing.ConsistentHashRing(nodes, replica_count=replicas, hash_type=hash_type)
            duplicates, top = check_collisions(hashing, label, hash_type, replicas, nodes, ring, expect)
            index = {node: i for i, node in enumerate(nodes)}
            lookups = []
            wraps = exact = 0
            ring_positions = set(p for p, _ in ring.ring)
            for name in names:
                lookups.append(DIGITS[index[ring.get_node(name)]])
                position = ring.compute_ring_position(name)
                wraps += position > top
                exact += position in ring_positions
            out.append("ring %s %s %d %d %d %d" % (label, hash_type, replicas, len(nodes), wraps, exact))
            for server, instance in nodes:
                out.append("node %s %s %s" % (hexstr(server), "-" if instance is None else hexstr(instance),
                                              hexstr(str((server, instance)))))
            out.append("entries %d %s" % (len(ring.ring), " ".join("%d:%d" % (p, index[n]) for p, n in ring.ring)))
            out.append("lookups " + "".join(lookups))
            out.append("end")
            print("%-22s %-9s replicas=%-3d nodes=%-2d collisions=%-4d top=%-5d wraps=%-4d exact=%d"
                  % (label, hash_type, replicas, len(nodes), duplicates, top, wraps, exact), file=sys.stderr)

    data = ("\n".join(out) + "\n").encode("utf-8")
    with open(args.output, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(data)
    print("wrote %s: %d names, %d rings, %d bytes uncompressed" % (args.output, len(names), 2 * len(sets), len(data)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
