"""Access and portability exports: streamed ZIPs, Art. 15(1) summaries, signed links."""
