"""Access reports and portability bundles."""
