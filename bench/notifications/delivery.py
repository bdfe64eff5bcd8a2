#!/usr/bin/python3
"""The delivery figures of bench/notifications.sh.

  delivery.py BOOKINGS_FILE CATCHER_DIR

BOOKINGS_FILE is notifications_load's --out (`ical_uid started_us done_us` per booking);
CATCHER_DIR holds tests/support/smtp_catcher.py's NNNNNN.json, one per accepted message.
Each message is matched to its booking by the UID of its text/calendar part. Prints
`key value` lines: bookings, messages, matched, unmatched, bookings_complete (both
messages arrived), duplicates (a booking's recipient got more than one), first_booking,
last_booking, first_message and last_message (unix seconds), and the delay from a booking's
answer to its messages' arrival in ms: delay_p50, delay_p99, delay_max.
"""

import collections
import json
import os
import re
import sys


def uid_of(message):
    for part in message.get("parts", []):
        if part.get("content_type") == "text/calendar":
            text = re.sub(r"\r?\n[ \t]", "", part.get("text", ""))  # unfold
            m = re.search(r"^UID:(.*?)\r?$", text, re.M)
            if m:
                return m.group(1).strip()
    return None


def quantile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def main(bookings_file, catcher_dir):
    bookings = {}
    for line in open(bookings_file):
        uid, started, done = line.split()
        bookings[uid] = (int(started) / 1e6, int(done) / 1e6)
    arrivals = []
    per_booking = collections.defaultdict(list)
    unmatched = 0
    for name in sorted(os.listdir(catcher_dir)):
        if not re.fullmatch(r"\d{6}\.json", name):
            continue
        with open(os.path.join(catcher_dir, name), encoding="utf-8") as f:
            m = json.load(f)
        arrivals.append(m["received_at"])
        uid = uid_of(m)
        if uid in bookings:
            per_booking[uid].append((m["received_at"], tuple(m["rcpt_tos"])))
        else:
            unmatched += 1
    delays = sorted((at - bookings[uid][1]) * 1000
                    for uid, got in per_booking.items() for at, _ in got)
    out = {
        "bookings": len(bookings),
        "messages": len(arrivals),
        "matched": len(delays),
        "unmatched": unmatched,
        "bookings_complete": sum(1 for got in per_booking.values()
                                 if len({r for _, r in got}) >= 2),
        "duplicates": sum(len(got) - len({r for _, r in got}) for got in per_booking.values()),
        "first_booking": min((s for s, _ in bookings.values()), default=0),
        "last_booking": max((d for _, d in bookings.values()), default=0),
        "first_message": min(arrivals, default=0),
        "last_message": max(arrivals, default=0),
        "delay_p50": quantile(delays, 0.50),
        "delay_p99": quantile(delays, 0.99),
        "delay_max": delays[-1] if delays else float("nan"),
    }
    for k, v in out.items():
        print(k, f"{v:.6f}" if isinstance(v, float) else v)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
