"""The shared indicator library (指标库) and suggestions in the editor."""
