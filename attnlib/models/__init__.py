"""The models layer: notebook 10's trained attention layer (sense_model.py, training.py), the real
all-MiniLM-L6-v2 (minilm.py, on the BERT block of bert.py) and a tiny GPT trained by hand-written gradients
(gpt.py; its pieces and sizes: gpt_pieces.py; training: gpt_train.py). Imports the maths and data layers.
"""
