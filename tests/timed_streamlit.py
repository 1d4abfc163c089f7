"""Run Streamlit writing down how long the server takes to answer each rerun: usage `timed_streamlit.py LOG run ...`.

Each line of LOG: the session's id, when its rerun was asked (time.perf_counter) and the seconds to answer it.

A reply is timed from the server taking a session's rerun request to its enqueuing that run's script_finished:
the dashboard's own part. Timed in the browser it would also count the tabs drawing charts, and four test tabs
on the server's two cores are not four users on their own machines.
"""

from __future__ import annotations

import sys
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.app_session import AppSession
from streamlit.web import cli

LOG = open(sys.argv.pop(1), "a", buffering=1)  # noqa: SIM115  # open for the server's life, a line per reply
ASKED: dict[str, float] = {}
_handle_backmsg = AppSession.handle_backmsg
_enqueue_forward_msg = AppSession._enqueue_forward_msg


def handle_backmsg(self: AppSession, msg: BackMsg) -> None:
    if msg.WhichOneof("type") == "rerun_script":
        ASKED.setdefault(self.id, time.perf_counter())  # a rerun asked during a run is answered by the next one
    _handle_backmsg(self, msg)


def enqueue_forward_msg(self: AppSession, msg: ForwardMsg) -> None:
    _enqueue_forward_msg(self, msg)
    answered = msg.WhichOneof("type") == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
    if answered and self.id in ASKED:
        now = time.perf_counter()  # the machine's monotonic clock, which the test reads too
        LOG.write(f"{self.id} {ASKED[self.id]:.3f} {now - ASKED.pop(self.id):.3f}\n")


AppSession.handle_backmsg = handle_backmsg
AppSession._enqueue_forward_msg = enqueue_forward_msg

if __name__ == "__main__":
    sys.exit(cli.main())
