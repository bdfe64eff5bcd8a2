#!/usr/bin/python3
"""A fast SMTP sink for bench/notifications.sh (SINK=sink): accepts every message and
keeps only what the benchmark reads, so the receiving side is not what it measures.

  smtp_sink.py --port 0 --dir DIR

Prints "listening <port>" on stdout once it accepts connections. Per accepted message
one line in DIR/messages.jsonl ({"received_at", "mail_at" (its MAIL command), "conn"
(the connection's number), "rcpt_tos", "uid": the UID of its iCalendar part)); the first message whole in DIR/first.eml; DIR/stats.json
({"connections", "accepted"}) rewritten every 0.2 s and at the end. Unlike
tests/support/smtp_catcher.py (aiosmtpd, every command logged, every message parsed
and written with fsync) it does no parsing beyond the UID, no logging and no fsync.
Speaks just enough ESMTP for libcurl and smtplib: EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT. Standard library only; SIGTERM or SIGINT stops it.
"""

import argparse
import asyncio
import base64
import binascii
import json
import os
import re
import signal
import sys
import time

UID = re.compile(rb"^UID:(.*?)\r?$", re.M)


def uid_of(data):
    """The UID of the message's text/calendar part (base64 as libcurl's MIME sends it,
    or plain), without a MIME parser."""
    at = data.find(b"Content-Type: text/calendar")
    if at < 0:
        return None
    body = data.find(b"\r\n\r\n", at)
    end = data.find(b"\r\n--", body)
    part = data[body + 4:end if end > 0 else len(data)]
    if b"base64" in data[at:body].lower():
        try:
            part = base64.b64decode(part)
        except (binascii.Error, ValueError):
            return None
    m = UID.search(re.sub(rb"\r?\n[ \t]", b"", part))
    return m.group(1).decode("utf-8", "replace").strip() if m else None


class Sink:
    def __init__(self, directory):
        self.dir = directory
        self.out = open(os.path.join(directory, "messages.jsonl"), "w", encoding="utf-8")
        self.stats = {"connections": 0, "accepted": 0}

    def save_stats(self):
        self.out.flush()
        tmp = os.path.join(self.dir, "stats.json.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.stats, f)
        os.replace(tmp, os.path.join(self.dir, "stats.json"))

    def accept(self, conn, mail_at, rcpt, data):
        if self.stats["accepted"] == 0:
            with open(os.path.join(self.dir, "first.eml"), "wb") as f:
                f.write(data)
        self.out.write(json.dumps({"received_at": time.time(), "mail_at": mail_at,
                                   "conn": conn, "rcpt_tos": rcpt,
                                   "uid": uid_of(data)}) + "\n")
        self.stats["accepted"] += 1

    async def session(self, reader, writer):
        self.stats["connections"] += 1
        conn = self.stats["connections"]
        writer.write(b"220 samen-bench-sink ESMTP\r\n")
        rcpt = []
        mail_at = 0.0
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                writer.write(b"250-samen-bench-sink\r\n250-8BITMIME\r\n250 SIZE 33554432\r\n")
            elif verb == b"MAIL" or verb == b"RSET":
                rcpt = []
                mail_at = time.time()
                writer.write(b"250 OK\r\n")
            elif verb == b"RCPT":
                rcpt.append(line[line.find(b"<") + 1:line.rfind(b">")].decode())
                writer.write(b"250 OK\r\n")
            elif verb == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                data = await reader.readuntil(b"\r\n.\r\n")
                self.accept(conn, mail_at, rcpt, data[:-3].replace(b"\r\n..", b"\r\n."))
                writer.write(b"250 2.0.0 accepted\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                break
            else:
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()


async def serve(args):
    sink = Sink(args.dir)
    server = await asyncio.start_server(sink.session, args.host, args.port)
    sink.save_stats()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"listening {server.sockets[0].getsockname()[1]}", flush=True)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), 0.2)
        except asyncio.TimeoutError:
            pass
        sink.save_stats()
    server.close()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--dir", required=True)
    args = p.parse_args(argv)
    os.makedirs(args.dir, exist_ok=True)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
