"""Sum up one article, or many as a digest of stories."""
