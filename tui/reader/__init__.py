"""The reading pane: text layout, rows, marks, search and the widget (docs/ARCHITECTURE.md)."""
