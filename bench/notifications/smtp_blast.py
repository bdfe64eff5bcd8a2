#!/usr/bin/python3
"""How fast an SMTP server alone accepts mail: bench/notifications.sh's catcher row.

  smtp_blast.py --port PORT --message FILE [--count 1000] [--connections 2]

Sends FILE (a whole RFC 5322 message, as the server sent it) --count times over
--connections SMTP connections at once (one thread each, each connection kept open
for all its messages as libcurl keeps it), and prints

  messages 1000 seconds 3.21 messages/s 311.5

Standard library only (smtplib); exits 1 when a message is refused.
"""

import argparse
import smtplib
import sys
import threading
import time


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--message", required=True)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--connections", type=int, default=2)
    args = p.parse_args(argv)
    raw = open(args.message, "rb").read()
    errors = []

    def send(n):
        try:
            with smtplib.SMTP(args.host, args.port) as s:
                for i in range(n):
                    s.sendmail("noreply@samen.test", [f"blast-{i}@bench.example"], raw)
        except (smtplib.SMTPException, OSError) as e:
            errors.append(repr(e))

    share = [args.count // args.connections + (1 if i < args.count % args.connections else 0)
             for i in range(args.connections)]
    threads = [threading.Thread(target=send, args=(n,)) for n in share]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    if errors:
        print("smtp_blast: " + errors[0], file=sys.stderr)
        return 1
    print(f"messages {args.count} seconds {seconds:.2f} messages/s {args.count / seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
