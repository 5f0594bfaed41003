"""Every Qt widget of cpuviz lives here; the core package never sees them."""
