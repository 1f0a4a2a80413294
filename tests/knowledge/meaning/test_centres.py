import numpy as np

from knowledge.meaning.centres import CentreIndex


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_the_nearest_articles_come_first_and_new_ones_are_added() -> None:
    index = CentreIndex()
    assert index.nearest(unit(1, 0, 0), 3) == []
    index.add([(1, unit(1, 0, 0)), (2, unit(0, 1, 0))])
    index.add([(5, unit(0.9, 0.1, 0))])
    assert index.last_id == 5
    assert index.nearest(unit(0.8, 0.2, 0), 2) == [5, 1]
    assert index.nearest(unit(0, 1, 0), 1) == [2]
