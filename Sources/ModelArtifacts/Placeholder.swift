// Placeholder: filled in by the ModelArtifacts work.
