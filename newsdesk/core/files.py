"""Replacing a file so that its readers (other workers, nginx) see all of the old or the new."""

import os
import tempfile


def write_atomically(path, data, *, mode=None, mtime=None):
    """Write `data` to a temporary file beside `path`, then rename it into place.

    `mode`: permissions for readers running as another user (nginx's workers);
    `mtime`: the file's modification time (nginx's Last-Modified and ETag). Raises
    OSError; the temporary file never stays behind.
    """
    path = os.fsencode(path)
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=b".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        if mtime is not None:
            os.utime(temporary, (mtime, mtime))
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
