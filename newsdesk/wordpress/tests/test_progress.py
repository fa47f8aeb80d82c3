import io

from newsdesk.wordpress.progress import PlainProgress, RichProgress, progress_for


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_rich_progress_bar_and_a_log_gets_a_few_plain_lines():
    assert isinstance(progress_for(Terminal()), RichProgress)
    log = io.StringIO()
    progress = progress_for(log)
    assert isinstance(progress, PlainProgress)
    progress.start("Importing posts", 1000)
    for done in range(0, 1001, 10):
        progress.update(done)
    progress.finish()
    assert log.getvalue().splitlines() == [
        "Importing posts...", "Importing posts: 25%", "Importing posts: 50%",
        "Importing posts: 75%", "Importing posts: done"]


def test_the_rich_bar_draws_on_the_terminal():
    terminal = Terminal()
    progress = RichProgress(terminal)
    progress.start("Checking the export", 100)
    progress.update(100)
    progress.finish()
    assert "Checking the export" in terminal.getvalue()
