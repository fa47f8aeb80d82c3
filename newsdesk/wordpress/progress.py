"""Progress of a long command: a rich bar on a terminal, a few plain lines otherwise."""


from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn


class RichProgress:
    def __init__(self, stream):
        self.console = Console(file=stream)
        self.bar = None

    def start(self, label, total):
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                            TimeRemainingColumn(), console=self.console, transient=False)
        self.bar.start()
        self.task = self.bar.add_task(label, total=total)

    def update(self, done):
        self.bar.update(self.task, completed=done)

    def finish(self):
        self.bar.stop()


class PlainProgress:
    """One line per quarter, so logs show the import moving without flooding."""

    def __init__(self, stream):
        self.stream = stream

    def start(self, label, total):
        self.label, self.total, self.next_mark = label, max(total, 1), 25
        self.stream.write(f"{label}...\n")

    def update(self, done):
        percent = done * 100 // self.total
        while percent >= self.next_mark and self.next_mark < 100:
            self.stream.write(f"{self.label}: {self.next_mark}%\n")
            self.next_mark += 25

    def finish(self):
        self.stream.write(f"{self.label}: done\n")


def progress_for(stream):
    """A rich bar when `stream` is a terminal, plain lines otherwise."""
    target = getattr(stream, "_out", stream)  # Django's OutputWrapper
    if getattr(target, "isatty", lambda: False)():
        return RichProgress(target)
    return PlainProgress(stream)
