"""OFD output (GB/T 33190-2016): the native PDF's laid-out pages drawn into an .ofd package."""
