"""The models layer: notebook 10's trained attention layer (sense_model.py, training.py) and the real
all-MiniLM-L6-v2 (minilm.py, on the BERT block of bert.py). Imports the maths and data layers.
"""
