"""What the tests that run a stack file share: one server per test class started with the
stack file the class writes, and the events the seed's stream_handler printed."""

import json
import re
import tempfile
import unittest

import harness

# A stream_handler line of the server log: the event it printed.
HANDLER_LINE = re.compile(r"\[stream_handler\] (\{\"Records\".*)$")


def stream_handler_events(server):
    """Every event the seed's stream_handler printed to `server`'s output, oldest first."""
    events = []
    for line in server.logs().splitlines():
        match = HANDLER_LINE.search(line)
        if match:
            events.append(json.loads(match.group(1)))
    return events


class StackTestCase(unittest.TestCase):
    """One server per class, on an in-memory database, with the stack file that the class's
    `write_stack(directory)` writes into a fresh temporary directory (`cls.dir`) and returns the
    path of. It logs at `log_level`, with `server_args` added to its flags; `cls.ddb` and `cls.lam`
    are boto3 clients."""

    log_level = "warn"
    server_args = ()

    @classmethod
    def write_stack(cls, directory):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.mkdtemp(prefix="streamstack-%s-" % cls.__name__.lower())
        stack = cls.write_stack(cls.dir)
        cls.server = harness.Server(":memory:", extra_args=["--config", stack, "--log-level", cls.log_level,
                                                            *cls.server_args]).start()
        cls.ddb = cls.server.client()
        cls.lam = cls.server.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()
