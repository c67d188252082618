"""What the benchmark scripts' report writers share: reading one run's files from its work
directory (each scenario leaves NAME.json, NAME.log and, when it failed, NAME.failed)."""

import json
import os


class Run:
    def __init__(self, work):
        self.work = work

    def read(self, name, default=""):
        try:
            with open(os.path.join(self.work, name)) as f:
                return f.read()
        except OSError:
            return default

    def result(self, name):
        """The scenario's JSON summary (last JSON line of its stdout), or None."""
        for line in reversed(self.read(name + ".json").splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        return None

    def failure(self, name):
        text = self.read(name + ".failed").strip()
        if not text:
            return ""
        tail = "\n".join(self.read(name + ".log").splitlines()[-15:])
        return f"\n**{name} failed: {text}.** Last lines of its log:\n\n```\n{tail}\n```\n"


def ms(v):
    return f"{v:.2f}"
