from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HARBOUR_TIMES = FIXTURES / "harbour-times.wxr.xml"


def run_import(path=HARBOUR_TIMES, *args):
    """Run `import-wordpress` and return what it printed."""
    out = StringIO()
    call_command("import-wordpress", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def uploads_dir(tmp_path):
    """A copy of wp-content/uploads with the fixture's images (sea-wall-plan.png is missing)."""
    root = tmp_path / "uploads"
    (root / "2024/03").mkdir(parents=True)
    for name, size, colour in [("harbour-ferry.jpg", (640, 427), "navy"),
                               ("harbour-ferry-300x200.jpg", (300, 200), "navy"),
                               ("market.jpg", (640, 427), "orange"),
                               ("market-2.jpg", (320, 240), "red")]:
        Image.new("RGB", size, colour).save(root / "2024/03" / name, "JPEG")
    return root
