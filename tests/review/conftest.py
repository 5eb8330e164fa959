import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "gui"))  # gui_synthetic: Qt-free test data

from gui_synthetic import build_synthetic_db  # noqa: E402


@pytest.fixture
def synthetic_db(tmp_path: Path) -> Path:
    path = tmp_path / "synthetic.db"
    build_synthetic_db(path, documents=3)
    return path
