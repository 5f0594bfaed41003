"""Performance goals measured beside their anchors in the same run; see RESULTS.md."""
