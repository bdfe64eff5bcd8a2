#!/usr/bin/python3
"""The delivery figures of bench/notifications.sh.

  delivery.py BOOKINGS_FILE CATCHER_DIR

BOOKINGS_FILE is notifications_load's --out (`ical_uid started_us done_us` per booking);
CATCHER_DIR holds tests/support/smtp_catcher.py's NNNNNN.json, one per accepted message,
and its log.txt, or smtp_sink.py's messages.jsonl. Each message is matched to its booking
by the UID of its text/calendar part. Prints
`key value` lines: bookings, messages, matched, unmatched, bookings_complete (both
messages arrived), duplicates (a booking's recipient got more than one), first_booking,
last_booking, first_message and last_message (unix seconds), and the delay from a booking's
answer to its messages' arrival in ms: delay_p50, delay_p99, delay_max; and per SMTP
connection (a mail thread of a server) the mean time of one SMTP transaction, from MAIL to
the server's 250 after DATA (smtp_ms), and the mean time from that 250 to the next MAIL on
the same connection (between_ms: what the thread does between two messages; gaps over a
second, idle polls, left out).
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


def caught(catcher_dir):
    """(received_at, rcpt_tos, uid) per message, and (conn, mail_at, accepted_at) per
    SMTP transaction."""
    jsonl = os.path.join(catcher_dir, "messages.jsonl")
    if os.path.exists(jsonl):
        rows = [json.loads(line) for line in open(jsonl, encoding="utf-8")]
        return ([(r["received_at"], tuple(r["rcpt_tos"]), r["uid"]) for r in rows],
                [(r["conn"], r["mail_at"], r["received_at"]) for r in rows])
    messages = []
    for name in sorted(os.listdir(catcher_dir)):
        if re.fullmatch(r"\d{6}\.json", name):
            with open(os.path.join(catcher_dir, name), encoding="utf-8") as f:
                m = json.load(f)
            messages.append((m["received_at"], tuple(m["rcpt_tos"]), uid_of(m)))
    transactions, mail_at = [], {}
    line_re = re.compile(r"^([\d.]+) mail\.log (\(.*?\)) (>>|<<) b'(MAIL FROM|250 2\.0\.0)")
    for line in open(os.path.join(catcher_dir, "log.txt"), encoding="utf-8"):
        m = line_re.match(line)
        if m and m.group(4) == "MAIL FROM":
            mail_at[m.group(2)] = float(m.group(1))
        elif m and m.group(2) in mail_at:
            transactions.append((m.group(2), mail_at.pop(m.group(2)), float(m.group(1))))
    return messages, transactions


def smtp_times(transactions):
    per_conn = collections.defaultdict(list)
    for conn, mail, accepted in transactions:
        per_conn[conn].append((mail, accepted))
    smtp, between = [], []
    for got in per_conn.values():
        got.sort()
        smtp += [(a - m) * 1000 for m, a in got]
        between += [(m2 - a1) * 1000 for (_, a1), (m2, _) in zip(got, got[1:]) if m2 - a1 < 1]
    mean = lambda v: sum(v) / len(v) if v else float("nan")  # noqa: E731
    return len(per_conn), mean(smtp), mean(between)


def main(bookings_file, catcher_dir):
    bookings = {}
    for line in open(bookings_file):
        uid, started, done = line.split()
        bookings[uid] = (int(started) / 1e6, int(done) / 1e6)
    messages, transactions = caught(catcher_dir)
    arrivals = [at for at, _, _ in messages]
    per_booking = collections.defaultdict(list)
    unmatched = 0
    for at, rcpt, uid in messages:
        if uid in bookings:
            per_booking[uid].append((at, rcpt))
        else:
            unmatched += 1
    connections, smtp_ms, between_ms = smtp_times(transactions)
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
        "connections": connections,
        "smtp_ms": smtp_ms,
        "between_ms": between_ms,
    }
    for k, v in out.items():
        print(k, f"{v:.6f}" if isinstance(v, float) else v)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
