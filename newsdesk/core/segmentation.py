"""Chinese word segmentation (search queries, comment word lists), jieba loaded on first use.

jieba builds its dictionary (about half a second) and caches it in a file; it
logs to stderr while doing so. The cache lives in the data directory, not in
the shared /tmp, and the log is quietened. Reader pages never pay for this: only
a search or a comment with Chinese characters in it does, once per process.
"""

import logging
import threading

from django.conf import settings

_lock = threading.Lock()
_tokenizer = None


def _load():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    cache_dir = settings.DATA_DIR / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(cache_dir)
    tokenizer.initialize()
    return tokenizer


def tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _load()
    return _tokenizer


def words(text):
    """The words jieba finds in a run of Chinese text, in order."""
    return [word for word in tokenizer().cut(text, HMM=True) if word.strip()]


def spans(text):
    """(start, end) of each word jieba finds in `text`, covering it end to end."""
    position, found = 0, []
    for word in tokenizer().cut(text, HMM=True):
        found.append((position, position + len(word)))
        position += len(word)
    return found
