"""The picture layer: colours and the projector style, plots and heatmaps (matplotlib), the HTML the
widgets show, and the widgets themselves (ipywidgets), each loaded only when used.
"""
