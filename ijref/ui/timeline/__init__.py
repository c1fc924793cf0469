"""The timeline: records over time as lanes of bars, spans and markers.

`panel.TimelinePanel` is the widget a window hosts. The date→position math
(`scale`), axis ticks (`ticks`), record→shape conversion (`model`), lane and
row layout (`layout`) and label culling / clustering (`legibility`) are plain
Python with no Qt, so they are tested and benchmarked on their own.
"""
