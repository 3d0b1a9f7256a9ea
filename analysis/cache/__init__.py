"""The on-disk analysis cache: analyses kept by their text's hash (docs/ARCHITECTURE.md)."""
