"""Record linkage: name keys, comparison features and the probabilistic match model."""
