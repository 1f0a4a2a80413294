"""Find candidate quotes, sentences and speakers in the stored articles, per database backend."""
