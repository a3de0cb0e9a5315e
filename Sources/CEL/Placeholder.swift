// Placeholder: filled in by the CEL work.
