"""The timeline: records over time as lanes of bars, spans and markers.

`panel.TimelinePanel` is the widget a window hosts (signal `recordActivated(str)`,
slot `selectRecord(str)`). Inside it, `canvas.TimelineCanvas` handles input and
`painting.FramePainter` draws what is visible; `export` writes PNG and SVG.
The date→position math (`scale`), axis ticks (`ticks`), record→shape
conversion (`model`), lane and row layout (`layout`), label culling and
clustering (`legibility`) and filters (`filters`) are plain Python with no Qt,
tested on their own. `synthetic` and `bench` serve `ijref bench timeline`.
"""
