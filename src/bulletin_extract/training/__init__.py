"""Training the project's Bulgarian NER model (models/ner-bg) from public corpora.

corpus.py converts SlavicNER and WikiANN to spaCy DocBin with the project's own
tokenizer (so training and run-time token boundaries agree); train.py runs spaCy's
trainer on the committed config; evaluate.py measures per-label P/R/F1.
"""
