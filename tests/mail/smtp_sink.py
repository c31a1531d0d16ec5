"""A local SMTP server for the mail tests: stores every message it accepts, and can refuse the first deliveries.

    smtp_sink.py DIR [--refuse-first N [--refuse-reply REPLY]] [--unknown-mailbox ADDRESS]...

Listens on 127.0.0.1 on a free port and prints "listening on PORT" once it does. Each accepted message is written
to DIR as NNNN.eml (the bytes as received), with NNNN.env beside it (MAIL FROM and RCPT TO, one a line). The first
N messages are refused at the end of DATA with "451 4.3.0 try again later" (or REPLY), so a test can check that the
sender retries and that the retry is delivered once. A recipient named with --unknown-mailbox is refused for good at RCPT
TO with "550 5.1.1 mailbox unknown", as a mail server answers for an address that does not exist. Every attempt
(refused or not) appends a line to DIR/attempts ("unknown" for such a recipient).
Stops on SIGTERM or when its standard input closes.
"""

import argparse
import asyncio
import os
import signal
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, refuse_first, refuse_reply, unknown):
        self.folder = folder
        self.refuse_left = refuse_first
        self.refuse_reply = refuse_reply
        self.unknown = {address.lower() for address in unknown}
        self.stored = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.unknown:
            with open(os.path.join(self.folder, "attempts"), "a", encoding="utf-8") as attempts:
                attempts.write("unknown\n")
            return "550 5.1.1 mailbox unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with open(os.path.join(self.folder, "attempts"), "a", encoding="utf-8") as attempts:
            attempts.write("refused\n" if self.refuse_left > 0 else "accepted\n")
        if self.refuse_left > 0:
            self.refuse_left -= 1
            return self.refuse_reply
        self.stored += 1
        name = os.path.join(self.folder, f"{self.stored:04d}")
        with open(name + ".env.tmp", "w", encoding="utf-8") as env:
            env.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
        os.replace(name + ".env.tmp", name + ".env")
        with open(name + ".eml.tmp", "wb") as eml:
            eml.write(envelope.original_content)
        os.replace(name + ".eml.tmp", name + ".eml")
        return "250 2.0.0 stored"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--refuse-first", type=int, default=0)
    parser.add_argument("--refuse-reply", default="451 4.3.0 try again later")
    parser.add_argument("--unknown-mailbox", action="append", default=[])
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    # aiosmtpd's controller cannot listen on port 0 (it connects to itself to check), so a free port is found first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(args.folder, args.refuse_first, args.refuse_reply, args.unknown_mailbox), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening on {port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.buffer.read1(4096) else None)
    await stop.wait()
    controller.stop()


if __name__ == "__main__":
    asyncio.run(main())
