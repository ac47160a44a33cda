"""The staff web app: dashboard, search, person card and the register screens."""
