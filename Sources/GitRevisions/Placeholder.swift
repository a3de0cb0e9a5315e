// Placeholder: filled in by the GitRevisions work.
